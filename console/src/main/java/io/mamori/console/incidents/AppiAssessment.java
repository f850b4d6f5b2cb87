package io.mamori.console.incidents;

import io.mamori.protocol.finding.PeopleKeys;
import io.mamori.protocol.finding.ReportableTrigger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether an incident must be reported to the 個人情報保護委員会 under the APPI (個人情報保護法
 * 第26条, 施行規則 第7条・第8条), and by when, computed from its events and the reviewer's judgements.
 * Pure: the same inputs always give the same answer, so the rule can be read and tested here.
 *
 * <p>It supports the legal judgement and does not replace it: the classifier's triggers are
 * estimates, and whether data left, and for what purpose, are facts only people can establish.
 *
 * @param triggers          each trigger found, with the events it was found in (improper purpose: none)
 * @param verdict           whether a report is required
 * @param preliminaryFrom   速報: "promptly", in practice 3 days after the 起算日 …
 * @param preliminaryBy     … and at the latest 5 days after it
 * @param finalDays         確報 within 30 days, or 60 when the improper-purpose trigger applies
 * @param finalBy           the 確報's due date
 * @param peopleAcrossFiles people counted across the incident's files, each person once (the most of
 *                          one agent's files and one personal type; 0 when no file sent its people)
 */
public record AppiAssessment(Map<Trigger, List<String>> triggers, Verdict verdict, LocalDate awareOn,
        LocalDate preliminaryFrom, LocalDate preliminaryBy, int finalDays, LocalDate finalBy,
        LocalDate preliminaryReportedOn, LocalDate finalReportedOn, int peopleAcrossFiles) {

    /** 施行規則 第7条 1–4号. */
    public enum Trigger {
        /** 要配慮個人情報 (第7条1号). */
        SENSITIVE_PERSONAL,
        /** Data whose misuse could cause financial damage, 財産的被害 (第7条2号). */
        FINANCIAL,
        /** An improper purpose, 不正の目的 (第7条3号): the reviewer's judgement. */
        IMPROPER_PURPOSE,
        /** More than 1,000 people (第7条4号). */
        OVER_1000_PEOPLE
    }

    /** Whether a report to the 個人情報保護委員会 is required. */
    public enum Verdict {
        /** A trigger applies and the data left, or may have left (漏えいのおそれ counts). */
        REQUIRED,
        /** A trigger applies, every copy was stopped, and nobody has yet judged whether data left anyway. */
        REQUIRED_IF_LEFT,
        /** A trigger applies but the reviewer judged that the data did not leave. */
        NOT_LEFT,
        /** No trigger applies. */
        NONE;

        /** The deadlines run: the report is required, or will be once the open question is answered "yes". */
        public boolean deadlinesRun() {
            return this == REQUIRED || this == REQUIRED_IF_LEFT;
        }
    }

    /** The reviewer's answer to "did the data leave the company's control?". */
    public enum DataLeft {
        YES,
        NO,
        UNKNOWN
    }

    /**
     * What the assessment needs of one event. {@code stopped}: the agent blocked or refused the copy;
     * {@code peopleKeys}: its file's people as keys (null when it sent none), from agent {@code agentId}.
     */
    public record EventFacts(String eventId, Set<ReportableTrigger> reportable, Integer people, boolean stopped, String agentId,
            PeopleKeys peopleKeys) {

        public EventFacts(String eventId, Set<ReportableTrigger> reportable, Integer people, boolean stopped) {
            this(eventId, reportable, people, stopped, null, null);
        }
    }

    /** What the assessment needs of the reviewer. */
    public record Judgements(boolean improperPurpose, DataLeft dataLeft, LocalDate awareOn,
            LocalDate preliminaryReportedOn, LocalDate finalReportedOn) {
    }

    /** More than this many people makes a leak reportable. */
    public static final int PEOPLE_THRESHOLD = 1000;
    public static final int PRELIMINARY_FROM_DAYS = 3;
    public static final int PRELIMINARY_BY_DAYS = 5;
    public static final int FINAL_DAYS = 30;
    public static final int FINAL_DAYS_IMPROPER_PURPOSE = 60;

    public AppiAssessment {
        triggers = Map.copyOf(triggers);
    }

    public static AppiAssessment of(Collection<EventFacts> events, Judgements judgements) {
        Map<Trigger, List<String>> triggers = new EnumMap<>(Trigger.class);
        boolean allStopped = true;
        for (EventFacts event : events) {
            for (ReportableTrigger found : event.reportable()) {
                triggers.computeIfAbsent(Trigger.valueOf(found.name()), t -> new ArrayList<>()).add(event.eventId());
            }
            // a count above the threshold is the trigger even if the agent did not name it
            if (event.people() != null && event.people() > PEOPLE_THRESHOLD
                    && !event.reportable().contains(ReportableTrigger.OVER_1000_PEOPLE)) {
                triggers.computeIfAbsent(Trigger.OVER_1000_PEOPLE, t -> new ArrayList<>()).add(event.eventId());
            }
            allStopped &= event.stopped();
        }
        // the same person in several files is one person (issue 23): each agent's keys of one type are
        // counted once; keys of different agents are made under different keys and are not added up
        Map<String, Set<String>> people = new HashMap<>();
        Map<String, List<String>> contributors = new HashMap<>();
        for (EventFacts event : events) {
            if (event.peopleKeys() != null) {
                String group = event.agentId() + "|" + event.peopleKeys().type().id();
                people.computeIfAbsent(group, g -> new HashSet<>()).addAll(event.peopleKeys().keys());
                contributors.computeIfAbsent(group, g -> new ArrayList<>()).add(event.eventId());
            }
        }
        String most = people.entrySet().stream().max(Comparator.comparingInt((Map.Entry<String, Set<String>> e) -> e.getValue().size())
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())).map(Map.Entry::getKey).orElse(null);
        int acrossFiles = most == null ? 0 : people.get(most).size();
        if (acrossFiles > PEOPLE_THRESHOLD && !triggers.containsKey(Trigger.OVER_1000_PEOPLE)) {
            triggers.put(Trigger.OVER_1000_PEOPLE, List.copyOf(contributors.get(most)));
        }
        if (judgements.improperPurpose()) {
            triggers.put(Trigger.IMPROPER_PURPOSE, List.of());
        }
        Verdict verdict;
        if (triggers.isEmpty()) {
            verdict = Verdict.NONE;
        } else {
            verdict = switch (judgements.dataLeft()) {
                case YES -> Verdict.REQUIRED;
                case NO -> Verdict.NOT_LEFT;
                // a copy that went through may have left: 漏えいのおそれ is reportable too
                case UNKNOWN -> allStopped && !events.isEmpty() ? Verdict.REQUIRED_IF_LEFT : Verdict.REQUIRED;
            };
        }
        LocalDate aware = judgements.awareOn();
        int finalDays = judgements.improperPurpose() ? FINAL_DAYS_IMPROPER_PURPOSE : FINAL_DAYS;
        return new AppiAssessment(triggers, verdict, aware, aware.plusDays(PRELIMINARY_FROM_DAYS),
                aware.plusDays(PRELIMINARY_BY_DAYS), finalDays, aware.plusDays(finalDays),
                judgements.preliminaryReportedOn(), judgements.finalReportedOn(), acrossFiles);
    }

    public boolean has(Trigger trigger) {
        return triggers.containsKey(trigger);
    }

    /** The events a trigger was found in (empty for the improper purpose, and for a trigger not found). */
    public List<String> eventsWith(Trigger trigger) {
        return triggers.getOrDefault(trigger, List.of());
    }

    /** The 速報 is due (the deadlines run), not sent, and {@code today} is past its latest day. */
    public boolean preliminaryOverdue(LocalDate today) {
        return verdict.deadlinesRun() && preliminaryReportedOn == null && today.isAfter(preliminaryBy);
    }

    /** The 確報 is due, not sent, and {@code today} is past its day. */
    public boolean finalOverdue(LocalDate today) {
        return verdict.deadlinesRun() && finalReportedOn == null && today.isAfter(finalBy);
    }

    /** The triggers in the order of 第7条, for display. */
    public List<Trigger> triggerList() {
        return triggers.keySet().stream().sorted().toList();
    }
}
