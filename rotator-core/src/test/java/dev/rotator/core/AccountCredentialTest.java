package dev.rotator.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountCredentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void valueIsTheFlatShapeInThisExactText() {
        assertThat(new AccountCredential("app", "p\"w\\d/\n\té€").value().text())
                .isEqualTo("{\"AccountName\":\"app\",\"AccountPassword\":\"p\\\"w\\\\d/\\n\\té€\"}");
    }

    /** value() writes with a generator: the text must stay what a tree of the two strings serialises to. */
    @Test
    void valueIsWhatTheTreeWroteForEveryCharacter() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        all.append("\u2028\u2029\uD83D\uDE00\uFFFD\uFEFF");
        for (String password : new String[] {all.toString(), "", "Plain-32-characters-password-123"}) {
            ObjectNode node = JSON.createObjectNode().put("AccountName", "app_clone").put("AccountPassword", password);
            assertThat(new AccountCredential("app_clone", password).value().text())
                    .isEqualTo(JSON.writeValueAsString(node));
        }
        ObjectNode nulls = JSON.createObjectNode().put("AccountName", (String) null).put("AccountPassword", (String) null);
        assertThat(new AccountCredential(null, null).value().text()).isEqualTo(JSON.writeValueAsString(nulls));
    }

    @Test
    void valueReadsBack() {
        AccountCredential c = new AccountCredential("app", "p\"w\\d\u0001é\uD83D\uDE00");
        assertThat(AccountCredential.parse(c.value(), "f")).isEqualTo(c);
        assertThat(AccountCredential.readFlat(c.value().text())).contains(c);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"AccountName\":\"a\",\"AccountPassword\":\"p\"}",
            " { \"AccountPassword\" : \"p\" , \"AccountName\" : \"a\" } ",
            "{\"AccountName\":\"a\",\"AccountPassword\":\"p\"} trailing text is not read",
            "{\"AccountName\":\"a\",\"AccountPassword\":\"p\",\"Extra\":1}",
            "{\"AccountName\":\"a\",\"AccountName\":\"b\",\"AccountPassword\":\"p\"}",
            "{\"Extra\":{\"AccountName\":\"x\"},\"AccountName\":\"a\",\"AccountPassword\":\"p\"}",
            "{\"AccountName\":\"a\",\"AccountPassword\":1}",
            "{\"AccountName\":\"a\",\"AccountPassword\":null}",
            "{\"AccountName\":\"a\"}",
            "{\"Accounts\":[{\"AccountName\":\"a\",\"AccountPassword\":\"p\"}]}",
            "{\"AccountName\":\"a\",\"AccountPassword\":\"p\"",
            "[\"a\",\"p\"]", "\"a\"", "null", "", "$Auto", "{}"})
    void parseAnswersAsTheTreeReadingDoes(String text) {
        assertThat(outcome(() -> AccountCredential.parse(SecretValue.text(text), "ACSPending")))
                .isEqualTo(outcome(() -> AccountCredential.of(JSON.readTree(text), "ACSPending")));
        Optional<AccountCredential> flat = AccountCredential.readFlat(text);
        flat.ifPresent(c -> assertThat(c).isEqualTo(AccountCredential.parse(SecretValue.text(text), "f")));
    }

    @Test
    void readFlatTakesOnlyTheExactShape() {
        assertThat(AccountCredential.readFlat("{\"AccountName\":\"a\",\"AccountPassword\":\"p\",\"Extra\":1}")).isEmpty();
        assertThat(AccountCredential.readFlat("{\"AccountName\":\"a\",\"AccountName\":\"b\",\"AccountPassword\":\"p\"}"))
                .isEmpty();
        assertThat(AccountCredential.readFlat("{\"AccountName\":\"a\",\"AccountPassword\":\"p\"")).isEmpty();
    }

    @Test
    void refusalNamesTheFieldNeverTheValue() {
        assertThatThrownBy(() -> AccountCredential.parse(SecretValue.text("{\"AccountName\":\"a\",\"AccountPassword\":"
                + "\"s3cret\""), "ACSPending"))
                .isInstanceOf(RotatorException.class).hasMessageStartingWith("ACSPending: ")
                .hasMessageNotContaining("s3cret");
    }

    private interface Read {
        AccountCredential run() throws Exception;
    }

    private static String outcome(Read read) {
        try {
            return "read " + read.run().name() + "/" + read.run().password();
        } catch (RotatorException e) {
            return "refused " + e.getMessage();
        } catch (Exception e) {
            return "refused " + RotatorException.invalid("ACSPending",
                    "must be a JSON object with the strings AccountName and AccountPassword").getMessage();
        }
    }
}
