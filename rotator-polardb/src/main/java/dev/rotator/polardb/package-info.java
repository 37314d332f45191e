/**
 * PolarDB accounts: dual-account rotation with PolarDB's narrower rules, on rotator-rds's account code.
 *
 * <p>{@link dev.rotator.polardb.PolarDbConfig} reads a PolarDB secret's ExtendedConfig under those rules into the
 * {@link dev.rotator.rds.RdsConfig} that {@link dev.rotator.rds.RdsRotator} runs on; {@link
 * dev.rotator.polardb.PolarDbRotator} adds the checks of the secret as a whole. Found through
 * {@code META-INF/services/dev.rotator.core.spi.RotatorFactory}. See docs/rotators/polardb.md.
 */
package dev.rotator.polardb;
