package dev.rotator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotator.core.engine.RotationListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The test-only seam is off unless its property is set, and refuses a step it does not know. */
class FaultInjectionTest {
    @AfterEach
    void clear() {
        System.clearProperty(FaultInjection.PROPERTY);
    }

    @Test
    void withoutThePropertyTheListenerIsLeftAsItIs() {
        RotationListener metrics = (type, event) -> { };
        assertThat(FaultInjection.around(metrics)).isSameAs(metrics);
    }

    @Test
    void anUnknownStepIsRefusedNamingThePropertyAndTheSteps() {
        System.setProperty(FaultInjection.PROPERTY, "promte");
        assertThatThrownBy(() -> FaultInjection.around(RotationListener.NONE))
                .hasMessageContaining("-Drotator.test.haltAfterStep must be one of")
                .hasMessageContaining("promote").hasMessageContaining("'promte'");
    }

    @Test
    void aKnownStepWrapsTheListener() {
        System.setProperty(FaultInjection.PROPERTY, "set");
        assertThat(FaultInjection.around(RotationListener.NONE)).isInstanceOf(FaultInjection.class);
    }
}
