package dev.rotator.worker.schedule;

import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.simpl.SimpleClassLoadHelper;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query that picks the next due trigger, as each delegate sends it to PostgreSQL: with the worker's delegate the
 * NEXT_FIRE_TIME bounds are an index condition (a due trigger is found without reading the others); with Quartz's
 * own they are NUMERIC and only a filter over every waiting trigger (docs/benchmarks.md, "Scale").
 */
class PostgresQuartzDelegateTest {
    private static TestDatabase db;

    @BeforeAll
    static void open() {
        db = TestDatabases.POSTGRESQL.create();
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    @Test
    void theNextTriggerQueryBoundsNextFireTimeThroughTheIndex() throws Exception {
        assertThat(planOfAcquire(new PostgresQuartzDelegate()))
                .anyMatch(line -> line.contains("Index Cond") && line.contains("next_fire_time <="))
                .noneMatch(line -> line.contains("numeric"));
    }

    @Test
    void quartzsOwnDelegateCannot() throws Exception {
        // The control: what the change is for; if Quartz fixes its binding, this fails and the class can go.
        assertThat(planOfAcquire(new PostgreSQLDelegate()))
                .anyMatch(line -> line.contains("Filter") && line.contains("(next_fire_time)::numeric"));
    }

    /** EXPLAIN of the statement the delegate prepares, with the parameters bound as it binds them. */
    private static List<String> planOfAcquire(StdJDBCDelegate delegate) throws Exception {
        delegate.initialize(LoggerFactory.getLogger(PostgresQuartzDelegateTest.class), "QRTZ_", "rotator", "test",
                new SimpleClassLoadHelper(), false, null);
        List<String> plan = new ArrayList<>();
        try (Connection real = db.database().dataSource().getConnection()) {
            try (Statement st = real.createStatement()) {
                // On an empty table a sequential scan is cheapest; the question is what the index can take.
                st.execute("SET enable_seqscan = off");
            }
            // Prepares EXPLAIN of what the delegate prepares; its executeQuery keeps the plan and answers no trigger.
            Connection explaining = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("prepareStatement") || args.length != 1) {
                            return method.invoke(real, args);
                        }
                        PreparedStatement explain = real.prepareStatement("EXPLAIN " + args[0]);
                        return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                                new Class<?>[]{PreparedStatement.class}, (p, m, a) -> {
                                    if (m.getName().equals("setMaxRows")) {
                                        return null; // the plan has several rows; the delegate asks for one trigger
                                    }
                                    if (!m.getName().equals("executeQuery")) {
                                        return m.invoke(explain, a);
                                    }
                                    try (ResultSet rs = explain.executeQuery()) {
                                        while (rs.next()) {
                                            plan.add(rs.getString(1));
                                        }
                                    }
                                    return real.createStatement().executeQuery(
                                            "SELECT '' AS TRIGGER_NAME, '' AS TRIGGER_GROUP WHERE false");
                                });
                    });
            long now = System.currentTimeMillis();
            assertThat(delegate.selectTriggerToAcquire(explaining, now + 30_000, now - 60_000, 1)).isEmpty();
        }
        return plan;
    }
}
