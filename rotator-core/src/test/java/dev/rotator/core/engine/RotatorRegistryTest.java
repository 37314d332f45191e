package dev.rotator.core.engine;

import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.RotatorFactory;
import dev.rotator.core.testing.InMemoryRotatorContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A rotator is a jar on the class path: its factory, listed under META-INF/services, is found and given the context. */
class RotatorRegistryTest {

    @Test
    void factoriesListedInMetaInfServicesAreFoundAndGivenTheContext() {
        RotatorContext context = new InMemoryRotatorContext();
        RotatorRegistry registry = RotatorRegistry.load(context, getClass().getClassLoader());
        assertThat(registry.forType(SecretType.ECS)).get().isInstanceOfSatisfying(EchoRotator.class,
                r -> assertThat(r.context).isSameAs(context));
        assertThat(registry.forType(SecretType.RDS)).isEmpty();
    }

    /** Listed in src/test/resources/META-INF/services/dev.rotator.core.spi.RotatorFactory. */
    public static final class EchoFactory implements RotatorFactory {
        @Override
        public SecretType type() {
            return SecretType.ECS;
        }

        @Override
        public Rotator create(RotatorContext context) {
            return new EchoRotator(context);
        }
    }

    static final class EchoRotator implements Rotator {
        final RotatorContext context;

        EchoRotator(RotatorContext context) {
            this.context = context;
        }

        @Override
        public CreateResponse create(CreateRequest request) {
            return new CreateResponse(request.current());
        }

        @Override
        public SetResponse set(SetRequest request) {
            return SetResponse.applied();
        }

        @Override
        public void test(TestRequest request) {
        }
    }
}
