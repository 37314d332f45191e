package dev.rotator.rds.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection, as the privileged account, to one database of the target (PostgreSQL grants are per database). */
@FunctionalInterface
public interface DatabaseConnector {
    Connection open(String database) throws SQLException;
}
