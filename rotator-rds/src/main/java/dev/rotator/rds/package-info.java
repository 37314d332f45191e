/**
 * MySQL and PostgreSQL accounts (RDS): dual-account and single-account rotation.
 *
 * <p>{@link dev.rotator.rds.RdsRotator} runs the rotation steps; the per-engine account work sits behind
 * {@link dev.rotator.rds.sql.AccountAdmin} ({@code mysql} and {@code postgres} packages). The rotator is found through
 * {@code META-INF/services/dev.rotator.core.spi.RotatorFactory}. See docs/rotators/rds.md.
 */
package dev.rotator.rds;
