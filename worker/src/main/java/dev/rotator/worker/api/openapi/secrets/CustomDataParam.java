package dev.rotator.worker.api.openapi.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.worker.api.openapi.Params;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static dev.rotator.core.RotatorException.invalid;

/**
 * UpdateSecret's ExtendedConfig.CustomData, in each form an SDK sends it:
 * <ul>
 *   <li>flattened, as kms20160120 1.2.3 does: {@code ExtendedConfig.CustomData.DBName=app1&ExtendedConfig.CustomData.Port=3306}
 *       (every value is a string);</li>
 *   <li>{@code ExtendedConfig.CustomData={"DBName":"app1"}}, the documented JSON parameter;</li>
 *   <li>{@code ExtendedConfig={"CustomData":{"DBName":"app1"}}}, the whole model as one JSON string.</li>
 * </ul>
 * One form per request. Only CustomData may change after creation, so any other ExtendedConfig key is refused.
 * The result is CustomData as a JSON object string (its own rules are the service's), or null to keep it.
 */
final class CustomDataParam {
    static final String WHOLE = "ExtendedConfig";
    static final String JSON_FORM = "ExtendedConfig.CustomData";
    static final String FLAT_PREFIX = JSON_FORM + ".";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CustomDataParam() {
    }

    static String read(Params p) {
        for (String name : p.names()) {
            boolean flat = name.startsWith(FLAT_PREFIX) && name.length() > FLAT_PREFIX.length();
            if (name.startsWith(WHOLE + ".") && !name.equals(JSON_FORM) && !flat) {
                throw invalid(name, "only ExtendedConfig.CustomData may change after creation");
            }
        }
        Map<String, String> flat = p.prefixed(FLAT_PREFIX);
        List<String> forms = new ArrayList<>();
        if (!flat.isEmpty()) {
            forms.add(FLAT_PREFIX + "<key>");
        }
        if (p.has(JSON_FORM)) {
            forms.add(JSON_FORM);
        }
        if (p.has(WHOLE)) {
            forms.add(WHOLE);
        }
        if (forms.size() > 1) {
            throw invalid(WHOLE, "give CustomData in one form only, not " + String.join(" and ", forms));
        }
        if (!flat.isEmpty()) {
            return JSON.valueToTree(flat).toString();
        }
        if (p.has(JSON_FORM)) {
            return p.optional(JSON_FORM).filter(s -> !s.isBlank()).orElse(null);
        }
        return p.jsonObject(WHOLE).map(CustomDataParam::customDataOf).orElse(null);
    }

    /** {@code {"CustomData":{...}}}: the object under CustomData, checked by the service. */
    private static String customDataOf(ObjectNode whole) {
        for (Iterator<String> it = whole.fieldNames(); it.hasNext(); ) {
            if (!it.next().equals("CustomData")) {
                throw invalid(WHOLE, "only CustomData may change after creation: {\"CustomData\":{...}}");
            }
        }
        JsonNode customData = whole.get("CustomData");
        if (customData == null) {
            return null;
        }
        if (!customData.isObject()) {
            throw invalid(JSON_FORM, "must be a JSON object");
        }
        return customData.toString();
    }
}
