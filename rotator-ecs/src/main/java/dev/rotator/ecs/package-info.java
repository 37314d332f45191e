/**
 * Linux logins over SSH (ECS secrets, docs/rotators/ecs.md): password rotation through {@code chpasswd} and
 * key-pair rotation through {@code authorized_keys}, driven over SSH (sshj) through the host target's management
 * login, with the host's keys pinned. The commands for one OS family sit behind {@link dev.rotator.ecs.HostCommands};
 * only Linux is implemented and tested.
 */
package dev.rotator.ecs;
