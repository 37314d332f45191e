package dev.rotator.rds.mysql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one {@code user@host} holds, read from SHOW GRANTS: privileges by object (GRANT OPTION as a pseudo
 * privilege), roles, and MariaDB's default role. Two of these compare equal when the accounts hold the same
 * grants, whatever their names.
 */
record AccountGrants(Map<String, Set<String>> byObject, Set<String> roles, Optional<String> defaultRole) {
    static final String GRANT_OPTION = "GRANT OPTION";

    static AccountGrants read(List<String> showGrantsLines) {
        Map<String, Set<String>> byObject = new LinkedHashMap<>();
        Set<String> roles = new LinkedHashSet<>();
        Optional<String> defaultRole = Optional.empty();
        for (String line : showGrantsLines) {
            Optional<GrantLine> g = GrantLine.parse(line);
            if (g.isPresent() && g.get().object() == null) {
                roles.addAll(g.get().privileges());
            } else if (g.isPresent()) {
                Set<String> privs = byObject.computeIfAbsent(g.get().object(), k -> new LinkedHashSet<>());
                privs.addAll(g.get().privileges());
                if (g.get().grantOption()) {
                    privs.add(GRANT_OPTION);
                }
            } else {
                Optional<String> role = GrantLine.defaultRole(line);
                if (role.isPresent()) {
                    defaultRole = role;
                }
            }
        }
        byObject.values().removeIf(Set::isEmpty);
        return new AccountGrants(byObject, roles, defaultRole);
    }

    /** Statements that give {@code grantee} what this holds and {@code other} lacks. */
    List<String> grantsMissingFrom(AccountGrants other, String grantee) {
        List<String> out = new ArrayList<>();
        byObject.forEach((object, privs) -> {
            Set<String> missing = minus(privs, other.byObject.getOrDefault(object, Set.of()));
            boolean option = missing.remove(GRANT_OPTION);
            if (!missing.isEmpty()) {
                out.add(GrantLine.grant(List.copyOf(missing), object, grantee));
            }
            if (option) {
                out.add(GrantLine.grant(List.of("USAGE"), object, grantee) + " WITH GRANT OPTION");
            }
        });
        Set<String> missingRoles = minus(roles, other.roles);
        if (!missingRoles.isEmpty()) {
            out.add(GrantLine.grant(List.copyOf(missingRoles), null, grantee));
        }
        return out;
    }

    /** Statements that take from {@code grantee} (holding this) what {@code wanted} does not hold. */
    List<String> revokesBeyond(AccountGrants wanted, String grantee) {
        List<String> out = new ArrayList<>();
        byObject.forEach((object, privs) -> {
            Set<String> extra = minus(privs, wanted.byObject.getOrDefault(object, Set.of()));
            boolean option = extra.remove(GRANT_OPTION);
            if (!extra.isEmpty()) {
                out.add(GrantLine.revoke(List.copyOf(extra), object, grantee));
            }
            if (option) {
                out.add(GrantLine.revoke(List.of(GRANT_OPTION), object, grantee));
            }
        });
        Set<String> extraRoles = minus(roles, wanted.roles);
        if (!extraRoles.isEmpty()) {
            out.add(GrantLine.revoke(List.copyOf(extraRoles), null, grantee));
        }
        return out;
    }

    /** Databases this holds database-level privileges on ({@code `db`.*} without '%'), unquoted and unescaped. */
    List<String> databases() {
        List<String> out = new ArrayList<>();
        for (String object : byObject.keySet()) {
            if (object.startsWith("`") && object.endsWith("`.*") && !object.contains("%")) {
                out.add(object.substring(1, object.length() - 3).replace("``", "`").replace("\\_", "_"));
            }
        }
        return out;
    }

    /** True when this holds anything beyond USAGE (the bare right to log in). */
    boolean holdsAnything() {
        return !byObject.isEmpty() || !roles.isEmpty();
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }
}
