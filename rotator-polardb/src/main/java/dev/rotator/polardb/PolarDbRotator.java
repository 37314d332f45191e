package dev.rotator.polardb;

import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.ForwardingRotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.rds.RdsRotator;
import dev.rotator.rds.sql.DbEndpoint;
import dev.rotator.rds.sql.DbEngine;

import java.util.Optional;

import static dev.rotator.core.RotatorException.invalid;

/**
 * Rotates the dual accounts of a PolarDB secret (docs/rotators/polardb.md): the Rds rotator's dual-account
 * rotation, run on the {@link PolarDbConfig} of the secret, so PolarDB's rules hold at every step. CreateSecret
 * makes both accounts ({@code AccountName} and {@code AccountName_clone}) and refuses a name that either already
 * has on the cluster; each rotation then gives the account not in ACSCurrent a fresh password.
 */
public final class PolarDbRotator extends ForwardingRotator {
    private static final String AUTO = "$Auto";

    private final RotatorContext context;

    public PolarDbRotator(RotatorContext context) {
        super(new RdsRotator(context, config -> PolarDbConfig.of(config).rds()));
        this.context = context;
    }

    /**
     * PolarDB's rules first (import and single-account modes refused, naming the field), then the cluster's engine
     * against {@code DBType}, then the Rds checks of the target and the names.
     */
    @Override
    public void validate(Secret secret, SecretValue initialValue) {
        PolarDbConfig config = PolarDbConfig.of(secret.extendedConfig());
        if (!AUTO.equals(initialValue.text().trim())) {
            throw invalid("SecretData", "must be $Auto: PolarDB secrets create their accounts (Import Existing "
                    + "Accounts is not supported)");
        }
        Optional<DbEngine> engine = context.target(config.clusterId()).map(t -> DbEndpoint.of(t).engine());
        if (engine.isPresent() && engine.get() != config.engine()) { // an unknown target: the Rds checks name it
            throw invalid("ExtendedConfig.DBType", "must be " + dbType(engine.get()) + ": target '"
                    + config.clusterId() + "' is a " + engine.get().setting() + " cluster");
        }
        super.validate(secret, initialValue);
    }

    private static String dbType(DbEngine engine) {
        return engine == DbEngine.MYSQL ? "MySQL" : "PostgreSQL";
    }
}
