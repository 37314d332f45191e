package dev.rotator.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtendedConfigTest {

    @Test
    void keyOrderAndNestedValuesReadBackAsWritten() {
        String json = "{\"Z\":\"last first\",\"DBNames\":[\"a\",\"b\"],\"CustomData\":{\"y\":1,\"x\":{\"k\":true}},\"A\":null}";
        ExtendedConfig config = ExtendedConfig.parse(json);

        assertThat(config.asMap().keySet()).containsExactly("Z", "DBNames", "CustomData", "A");
        assertThat(config.asMap().get("DBNames")).isEqualTo(List.of("a", "b"));
        assertThat(config.customData()).isInstanceOf(LinkedHashMap.class).containsExactly(
                Map.entry("y", 1), Map.entry("x", Map.of("k", true)));
        assertThat(config.toJson()).isEqualTo(json);
        assertThat(ExtendedConfig.parse(config.toJson())).isEqualTo(config);
    }

    @Test
    void parsedMapIsReadOnly() {
        ExtendedConfig config = ExtendedConfig.parse("{\"a\":\"1\"}");
        assertThatThrownBy(() -> config.asMap().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofCopiesTheCallersMap() {
        Map<String, Object> mine = new LinkedHashMap<>(Map.of("a", "1"));
        ExtendedConfig config = ExtendedConfig.of(mine);
        mine.put("b", "2");
        assertThat(config.asMap()).containsOnlyKeys("a");
        assertThat(config.withCustomData(Map.of("c", 3)).asMap()).containsOnlyKeys("a", "CustomData");
        assertThat(config.asMap()).containsOnlyKeys("a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "null"})
    void nothingReadsAsEmpty(String json) {
        assertThat(ExtendedConfig.parse(json)).isEqualTo(ExtendedConfig.EMPTY);
        assertThat(ExtendedConfig.parse(json).isEmpty()).isTrue();
        assertThat(ExtendedConfig.parse(json).toJson()).isEqualTo("{}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "\"text\"", "12", "{\"a\":", "{a:1}"})
    void notAnObjectRefused(String json) {
        assertThatThrownBy(() -> ExtendedConfig.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSON object");
    }
}
