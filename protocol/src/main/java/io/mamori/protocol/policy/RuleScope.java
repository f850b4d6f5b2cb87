package io.mamori.protocol.policy;

/** When a rule is evaluated: for each file written, or once when a device is mounted. */
public enum RuleScope {
    FILE,
    DEVICE
}
