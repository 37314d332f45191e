package dev.rotator.core;

/** The AutomaticRotation field: Invalid once the retries of a rotation are spent, Enabled again on the next success. */
public enum AutomaticRotation {
    Enabled, Disabled, Invalid
}
