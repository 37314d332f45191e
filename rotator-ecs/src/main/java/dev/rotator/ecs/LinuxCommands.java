package dev.rotator.ecs;

/**
 * Linux: {@code chpasswd} for passwords (the {@code user:password} line on standard input), a POSIX {@code sh}
 * script for {@code authorized_keys}. Scripts take the user name as {@code $1} and the key line on standard input,
 * and refuse to write through a symbolic link ({@code ~/.ssh} or the file), which the user could point at any file
 * root can write.
 */
final class LinuxCommands implements HostCommands {

    /** Finds the user's home and group, checks the paths, and puts {@code ~/.ssh} and the file right. */
    private static final String PREPARE = """
            set -e
            u="$1"
            IFS= read -r key
            blob=$(printf '%s\\n' "$key" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^AAAA/) { print $i; exit } }')
            [ -n "$blob" ] || { echo "rotator: no key on standard input" >&2; exit 2; }
            entry=$(getent passwd "$u") || { echo "rotator: no user '$u' on this host" >&2; exit 3; }
            home=$(printf '%s\\n' "$entry" | cut -d: -f6)
            group=$(id -g "$u")
            d="$home/.ssh"
            f="$d/authorized_keys"
            if [ -L "$d" ] || [ -L "$f" ]; then
              echo "rotator: $d or $f is a symbolic link; refusing to write through it" >&2; exit 4
            fi
            umask 077
            [ -d "$d" ] || mkdir "$d"
            chown "$u:$group" "$d"
            chmod 700 "$d"
            [ -e "$f" ] || : > "$f"
            chown "$u:$group" "$f"
            chmod 600 "$f"
            has() { awk -v b="$blob" '{ for (i = 1; i <= NF; i++) if ($i == b) found = 1 } END { exit !found }' "$f"; }
            """;

    private static final String ADD = PREPARE + """
            if ! has; then
              if [ -s "$f" ] && [ -n "$(tail -c 1 "$f")" ]; then echo >> "$f"; fi
              printf '%s\\n' "$key" >> "$f"
            fi
            """;

    private static final String REMOVE = PREPARE + """
            if has; then
              tmp=$(mktemp "$d/.authorized_keys.XXXXXX")
              awk -v b="$blob" '{ for (i = 1; i <= NF; i++) if ($i == b) next; print }' "$f" > "$tmp"
              chown "$u:$group" "$tmp"
              chmod 600 "$tmp"
              mv -f "$tmp" "$f"
            fi
            """;

    @Override
    public RemoteCommand setPassword(String user, String password) {
        return new RemoteCommand("chpasswd", user + ":" + password + "\n", "chpasswd for '" + user + "'");
    }

    @Override
    public RemoteCommand addPublicKey(String user, String publicKeyLine) {
        return script(ADD, user, publicKeyLine, "adding the new public key to ~" + user + "/.ssh/authorized_keys");
    }

    @Override
    public RemoteCommand removePublicKey(String user, String publicKeyLine) {
        return script(REMOVE, user, publicKeyLine, "removing the old public key from ~" + user
                + "/.ssh/authorized_keys");
    }

    private static RemoteCommand script(String script, String user, String keyLine, String what) {
        return new RemoteCommand("sh -c " + Shell.quote(script) + " rotator " + Shell.quote(user), keyLine + "\n", what);
    }
}
