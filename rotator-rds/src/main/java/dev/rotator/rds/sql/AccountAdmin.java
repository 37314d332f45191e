package dev.rotator.rds.sql;

import java.util.List;

/**
 * Account management on one database server, through its privileged account: one implementation per SQL family
 * (in the style of Vault's database plugins). Every method is idempotent where the rotation protocol re-runs it,
 * quotes every identifier, and never splices a password into SQL as plain text.
 *
 * <p>Methods throw {@link dev.rotator.core.RotatorException} (Rejected.RotationFailed) naming the account and the
 * failed operation, never a password.
 */
public interface AccountAdmin extends AutoCloseable {

    DbEngine engine();

    boolean exists(String account);

    /**
     * A standard account with no privilege yet (PolarDB for PostgreSQL makes them so: privileges are granted to
     * it later, and a clone synced from it follows). Nothing is done where it exists.
     */
    void createAccount(String account, String password);

    /** A standard account with {@code permission} on each of {@code databases}. */
    void createAccount(String account, String password, List<String> databases, Permission permission);

    /** A privileged account (single-account mode): every privilege, able to manage other accounts. */
    void createPrivilegedAccount(String account, String password);

    void setPassword(String account, String password);

    /**
     * Makes {@code clone} hold exactly {@code source}'s privileges, creating it with {@code clonePassword} where
     * it is missing. Run on every rotation, so that privileges given to the source later reach the clone too. The
     * clone's password is left alone where it exists.
     */
    void syncClone(String source, String clone, String clonePassword);

    /**
     * Accounts that would take a login meant for {@code account} (MySQL's anonymous accounts, which match before
     * a named account with a less specific host), as {@code 'user'@'host'} strings; empty when none.
     */
    List<String> shadowing(String account);

    /**
     * Removes the account and what was granted to it: an account CreateSecret made and must take back, or a test's.
     * On PostgreSQL whatever it owns in the connected database goes too (DROP OWNED), so never call it on an
     * account the rotator did not make.
     */
    void drop(String account);

    @Override
    void close();
}
