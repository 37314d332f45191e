package dev.rotator.rds.sql;

import static dev.rotator.core.RotatorException.invalid;

/**
 * What a standard account may do in its databases (ExtendedConfig {@code AccountPrivilege}). Each engine maps
 * these to its own GRANTs; docs/rotators/rds.md lists them.
 */
public enum Permission {
    /** Data and schema: read, write, create, alter and drop. */
    ReadWrite,
    /** Read data only. */
    ReadOnly,
    /** Schema only: create, alter and drop objects, no access to others' data. */
    DDLOnly,
    /** Data only: read and write rows, no schema change. */
    DMLOnly;

    public static Permission parse(String field, String value) {
        String name = value == null ? "" : value.trim();
        for (Permission p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw invalid(field, "must be one of ReadWrite, ReadOnly, DDLOnly, DMLOnly");
    }
}
