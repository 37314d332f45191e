package dev.rotator.worker.testing;

import com.aliyun.tea.NameInMap;
import com.aliyun.tea.TeaModel;
import com.aliyun.teautil.Common;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Response bodies against the kms20160120 models, the way the SDK's client reads them: the JSON text parsed
 * with {@code Common.parseJSON}, then mapped with {@code TeaModel.toModel} (exact, case-sensitive
 * {@code @NameInMap} names; wrappers must be objects).
 */
public final class SdkModels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SdkModels() {
    }

    /** Serialised as the server does, parsed as the SDK's client does, then mapped onto the model. */
    public static <T extends TeaModel> T read(Map<String, Object> body, T model) {
        try {
            Object parsed = Common.parseJSON(JSON.writeValueAsString(body));
            return TeaModel.toModel(Common.assertAsMap(parsed), model);
        } catch (Exception e) {
            throw new AssertionError("the SDK cannot read " + model.getClass().getSimpleName() + ": " + e, e);
        }
    }

    /**
     * The {@code @NameInMap} fields of the model (nested ones as {@code Outer.Inner}, list items as
     * {@code List[i].Field}) that the body does not carry, except those in {@code absentByDesign}. A value the
     * body carries must read back into the model unchanged (numbers and strings as sent).
     */
    public static List<String> missingFields(Map<?, ?> body, TeaModel model, Set<String> absentByDesign) {
        List<String> missing = new ArrayList<>();
        compare("", body, model, absentByDesign, missing);
        return missing;
    }

    private static void compare(String path, Map<?, ?> body, TeaModel model, Set<String> absentByDesign,
                                List<String> missing) {
        int declared = 0;
        for (Field f : model.getClass().getDeclaredFields()) {
            NameInMap name = f.getAnnotation(NameInMap.class);
            if (name == null || Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            declared++;
            String where = path + name.value();
            Object read = get(f, model);
            Object sent = body.get(name.value());
            if (sent == null) {
                if (!absentByDesign.contains(where.replaceAll("\\[\\d+]", "[]"))) {
                    missing.add(where);
                }
            } else if (read instanceof TeaModel nested) {
                compare(where + ".", (Map<?, ?>) sent, nested, absentByDesign, missing);
            } else if (read instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof TeaModel) {
                List<?> sentList = (List<?>) sent;
                if (list.size() != sentList.size()) {
                    throw new AssertionError(where + ": the SDK read " + list.size() + " items of " + sentList.size());
                }
                for (int i = 0; i < list.size(); i++) {
                    compare(where + "[" + i + "].", (Map<?, ?>) sentList.get(i), (TeaModel) list.get(i),
                            absentByDesign, missing);
                }
            } else if (!String.valueOf(read).equals(String.valueOf(sent))) {
                throw new AssertionError(where + ": the SDK read " + read + " from " + sent);
            }
        }
        if (declared == 0) {
            throw new AssertionError(path + ": the model declares no fields; is it a model?");
        }
    }

    private static Object get(Field f, Object model) {
        try {
            f.setAccessible(true);
            return f.get(model);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
