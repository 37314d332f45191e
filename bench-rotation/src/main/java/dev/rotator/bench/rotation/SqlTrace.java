package dev.rotator.bench.rotation;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Records what is sent on connections opened to URLs starting with a prefix, while installed: each login
 * ({@code connect <user>}), each statement's SQL text as executed (bound parameters are not recorded; a batch once),
 * and transaction control. It stands in for the real driver in {@link DriverManager} (deregistered meanwhile,
 * registered again on close) and passes other URLs through unrecorded. A connection pool resolves its driver once,
 * when it starts: one started before the install never passes through here, one started after it always does. The
 * recording proxies are never installed while times are taken.
 */
public final class SqlTrace implements AutoCloseable {
    /** A batch is recorded once, when it is sent. */
    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    private final Driver real;
    private final Driver recording;
    private final List<String> sent = new ArrayList<>();

    private SqlTrace(String urlPrefix) throws SQLException {
        this.real = DriverManager.getDriver(urlPrefix);
        this.recording = new Recording(urlPrefix);
        DriverManager.deregisterDriver(real);
        DriverManager.registerDriver(recording);
    }

    public static SqlTrace install(String urlPrefix) throws SQLException {
        return new SqlTrace(urlPrefix);
    }

    /** What was sent since the last call. */
    public synchronized List<String> take() {
        List<String> out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    private synchronized void record(String what) {
        sent.add(what);
    }

    @Override
    public void close() throws SQLException {
        DriverManager.deregisterDriver(recording);
        DriverManager.registerDriver(real);
    }

    private final class Recording implements Driver {
        private final String prefix;

        Recording(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            Connection c = real.connect(url, info);
            if (c == null || !url.startsWith(prefix)) {
                return c;
            }
            record("connect " + info.getProperty("user"));
            return proxy(Connection.class, c);
        }

        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return real.acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return real.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return real.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return real.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return real.jdbcCompliant();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return real.getParentLogger();
        }
    }

    /** Connections hand out recording statements; statements record their SQL when they run it. */
    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, T target) {
        return (T) Proxy.newProxyInstance(SqlTrace.class.getClassLoader(), new Class<?>[] {type},
                handler(target, null));
    }

    private InvocationHandler handler(Object target, String preparedSql) {
        return (proxy, method, args) -> {
            String name = method.getName();
            if (target instanceof Connection && name.equals("setAutoCommit")) {
                record("setAutoCommit(" + args[0] + ")");
            } else if (target instanceof Connection && (name.equals("commit") || name.equals("rollback"))) {
                record(name);
            } else if (EXECUTES.contains(name)) {
                record(args != null && args.length > 0 && args[0] instanceof String sql ? sql : preparedSql);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof PreparedStatement ps && name.startsWith("prepare")) {
                return Proxy.newProxyInstance(SqlTrace.class.getClassLoader(),
                        new Class<?>[] {PreparedStatement.class}, handler(ps, (String) args[0]));
            }
            if (result instanceof Statement st && name.equals("createStatement")) {
                return Proxy.newProxyInstance(SqlTrace.class.getClassLoader(), new Class<?>[] {Statement.class},
                        handler(st, null));
            }
            return result;
        };
    }
}
