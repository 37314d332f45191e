package dev.rotator.rds.testing;

import dev.rotator.rds.sql.AccountAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Each test gets a fresh sandbox on one throwaway server and an {@link AccountAdmin} through that server's privileged
 * account, both closed after it: the set-up the MySQL and PostgreSQL account-management tests share.
 */
public abstract class AccountAdminFixture {
    private final TestServer server;
    protected TestServer.Sandbox sandbox;
    protected AccountAdmin admin;

    protected AccountAdminFixture(TestServer server) {
        this.server = server;
    }

    @BeforeEach
    void openSandbox() {
        sandbox = server.sandbox();
        admin = sandbox.accountAdmin();
    }

    @AfterEach
    void closeSandbox() {
        admin.close();
        sandbox.close();
    }
}
