package dev.rotator.core.engine;

import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.RotatorFactory;
import dev.rotator.core.testing.InMemoryRotatorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A rotator is a jar on the class path: its factory, listed under META-INF/services, is found and given the context. */
class RotatorRegistryTest {

    @Test
    void factoriesListedInMetaInfServicesAreFoundAndGivenTheContext(@TempDir Path jar) throws Exception {
        // The listing lives in a class path entry of this test's own, not in src/test/resources: those are on the
        // class path of every module whose tests use this module's test classes (InMemoryRotatorContext), where a
        // second ECS rotator would stop their workers from starting.
        Path listing = jar.resolve("META-INF/services/" + RotatorFactory.class.getName());
        Files.createDirectories(listing.getParent());
        Files.writeString(listing, EchoFactory.class.getName() + "\n");
        RotatorContext context = new InMemoryRotatorContext();
        try (URLClassLoader classPath = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            RotatorRegistry registry = RotatorRegistry.load(context, classPath);
            assertThat(registry.forType(SecretType.ECS)).get().isInstanceOfSatisfying(EchoRotator.class,
                    r -> assertThat(r.context).isSameAs(context));
            assertThat(registry.forType(SecretType.RDS)).isEmpty();
        }
    }

    /** Listed under META-INF/services in the test's class path entry. */
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
