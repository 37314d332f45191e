package dev.rotator.redis;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static dev.rotator.core.RotatorException.invalid;

/**
 * What the pair may do (ExtendedConfig {@code AccountPrivilege}), as the ACL rules both users get. Every rule list
 * starts from nothing ({@link #RESET}), so applying it again, to either user, leaves exactly these rules: the pair
 * stays identical however it drifted. docs/rotators/redis.md explains the choice.
 */
enum AclPermission {
    /** Every key and channel; every command but administration (@admin, @dangerous) and server-wide code. */
    READ_WRITE("RoleReadWrite", List.of("~*", "&*", "+@all", "-@admin", "-@dangerous", "-script|flush",
            "-function|load", "-function|delete", "-function|flush", "-function|restore")),
    /** Read commands on every key (and the key pattern itself read-only); no write, no Pub/Sub, no administration. */
    READ_ONLY("RoleReadOnly", List.of("%R~*", "+@read", "+@connection", "-@admin", "-@dangerous"));

    /** Clears everything but the passwords: keys, channels, selectors, commands; and enables the user. */
    static final List<String> RESET = List.of("on", "resetkeys", "resetchannels", "clearselectors", "nocommands");

    private final String wireName;
    private final List<String> rules;

    AclPermission(String wireName, List<String> rules) {
        this.wireName = wireName;
        this.rules = rules;
    }

    /** The ACL SETUSER rules, {@link #RESET} first; passwords are added by the caller. */
    List<String> rules() {
        return concat(RESET, rules);
    }

    /** The AccountPrivilege value Alibaba's Redis API uses: RoleReadWrite or RoleReadOnly. */
    String wireName() {
        return wireName;
    }

    /** Takes RoleReadWrite / RoleReadOnly (also ReadWrite / ReadOnly, as Rds secrets write them), in any case. */
    static AclPermission parse(String field, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.wireName.toLowerCase(Locale.ROOT).equals(v)
                        || p.wireName.substring("Role".length()).toLowerCase(Locale.ROOT).equals(v))
                .findFirst()
                .orElseThrow(() -> invalid(field, "must be RoleReadWrite or RoleReadOnly"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
