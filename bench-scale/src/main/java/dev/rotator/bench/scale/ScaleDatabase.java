package dev.rotator.bench.scale;

import dev.rotator.bench.rotation.ThrowawayServers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh database on the throwaway PostgreSQL for one run; closing it drops it. */
final class ScaleDatabase implements AutoCloseable {
    final String name = "scalebench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    final String url = "jdbc:postgresql://" + ThrowawayServers.env("PG_HOST") + ":" + ThrowawayServers.env("PG_PORT")
            + "/" + name;
    final String user = ThrowawayServers.env("PG_USER");
    final String password = ThrowawayServers.env("PG_PASSWORD");

    ScaleDatabase() throws SQLException {
        admin("CREATE DATABASE " + name);
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ThrowawayServers.env("PG_URL"), user, password);
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop the database " + name + ": " + e.getMessage());
        }
    }
}
