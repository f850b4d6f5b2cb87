package io.mamori.console.agents;

import java.time.Instant;

/**
 * A group of agents (a department, the leaving employees) and the policy it enforces.
 *
 * @param id         stable id used in enrollment tokens and the API ({@code sales}, {@code leaving})
 * @param nameJa     display name in Japanese
 * @param nameEn     display name in English
 * @param policyName the policy the group's agents enforce
 * @param agents     how many enrolled, unrevoked agents are in it
 */
public record AgentGroup(String id, String nameJa, String nameEn, String policyName, Instant createdAt, long agents) {
}
