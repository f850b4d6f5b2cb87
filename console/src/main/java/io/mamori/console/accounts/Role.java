package io.mamori.console.accounts;

/**
 * What a console account may do. Administrators do everything; reviewers decide on blocked
 * copies; auditors read everything, the audit trail included, and change nothing.
 */
public enum Role {
    ADMIN,
    REVIEWER,
    AUDITOR
}
