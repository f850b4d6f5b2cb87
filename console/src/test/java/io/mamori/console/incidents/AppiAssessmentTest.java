package io.mamori.console.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.incidents.AppiAssessment.DataLeft;
import io.mamori.console.incidents.AppiAssessment.EventFacts;
import io.mamori.console.incidents.AppiAssessment.Judgements;
import io.mamori.console.incidents.AppiAssessment.Trigger;
import io.mamori.console.incidents.AppiAssessment.Verdict;
import io.mamori.protocol.finding.ReportableTrigger;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The APPI reporting rule (施行規則 第7条・第8条) as the console computes it. */
class AppiAssessmentTest {

    private static final LocalDate AWARE = LocalDate.of(2026, 4, 1);

    private static EventFacts went(String id, Integer people, ReportableTrigger... triggers) {
        return new EventFacts(id, Set.of(triggers), people, false);
    }

    private static EventFacts blocked(String id, Integer people, ReportableTrigger... triggers) {
        return new EventFacts(id, Set.of(triggers), people, true);
    }

    private static Judgements judged(boolean improper, DataLeft left) {
        return new Judgements(improper, left, AWARE, null, null);
    }

    @Test
    void sensitivePersonalDataThatWentThroughMustBeReported() {
        AppiAssessment a = AppiAssessment.of(List.of(went("e1", 3, ReportableTrigger.SENSITIVE_PERSONAL)),
                judged(false, DataLeft.UNKNOWN));
        assertThat(a.verdict()).isEqualTo(Verdict.REQUIRED);
        assertThat(a.triggerList()).containsExactly(Trigger.SENSITIVE_PERSONAL);
        assertThat(a.eventsWith(Trigger.SENSITIVE_PERSONAL)).containsExactly("e1");
    }

    @Test
    void financialDataIsATriggerAndNamesItsEvents() {
        AppiAssessment a = AppiAssessment.of(List.of(went("e1", 2, ReportableTrigger.FINANCIAL), went("e2", 1),
                went("e3", 4, ReportableTrigger.FINANCIAL)), judged(false, DataLeft.YES));
        assertThat(a.verdict()).isEqualTo(Verdict.REQUIRED);
        assertThat(a.eventsWith(Trigger.FINANCIAL)).containsExactly("e1", "e3");
    }

    /** A file of persons [from, to) of one agent, as keys (eight hex digits each). */
    private static EventFacts file(String id, String agent, io.mamori.protocol.finding.FindingType type, int from, int to) {
        List<String> keys = new java.util.ArrayList<>();
        for (int n = from; n < to; n++) {
            keys.add(String.format("%08x", n * 2_654_435_761L & 0xffffffffL));
        }
        java.util.Collections.sort(keys);
        return new EventFacts(id, Set.of(), to - from, false, agent, new io.mamori.protocol.finding.PeopleKeys(type, keys));
    }

    @Test
    void peopleAreCountedAcrossTheFilesOfOneAgentEachOnce() {
        var email = io.mamori.protocol.finding.FindingType.EMAIL;
        AppiAssessment overlapping = AppiAssessment.of(List.of(file("e1", "a1", email, 0, 600), file("e2", "a1", email, 300, 900)),
                judged(false, DataLeft.UNKNOWN));
        assertThat(overlapping.peopleAcrossFiles()).as("300 of them are in both files").isEqualTo(900);
        assertThat(overlapping.verdict()).isEqualTo(Verdict.NONE);

        AppiAssessment apart = AppiAssessment.of(List.of(file("e1", "a1", email, 0, 600), file("e2", "a1", email, 600, 1200),
                file("e3", "a1", email, 0, 10)), judged(false, DataLeft.UNKNOWN));
        assertThat(apart.peopleAcrossFiles()).isEqualTo(1200);
        assertThat(apart.triggerList()).containsExactly(Trigger.OVER_1000_PEOPLE);
        assertThat(apart.eventsWith(Trigger.OVER_1000_PEOPLE)).containsExactly("e1", "e2", "e3");
        assertThat(apart.verdict()).isEqualTo(Verdict.REQUIRED);

        // two machines' keys are made under different keys: not added up, the count is a floor
        AppiAssessment twoAgents = AppiAssessment.of(List.of(file("e1", "a1", email, 0, 600), file("e2", "a2", email, 600, 1200)),
                judged(false, DataLeft.UNKNOWN));
        assertThat(twoAgents.peopleAcrossFiles()).isEqualTo(600);
        assertThat(twoAgents.verdict()).isEqualTo(Verdict.NONE);
        // nor are two types (a phone list and an e-mail list may be the same people)
        AppiAssessment twoTypes = AppiAssessment.of(List.of(file("e1", "a1", email, 0, 600),
                file("e2", "a1", io.mamori.protocol.finding.FindingType.JP_PHONE, 600, 1200)), judged(false, DataLeft.UNKNOWN));
        assertThat(twoTypes.peopleAcrossFiles()).isEqualTo(600);

        AppiAssessment reviewerSaysNotLeft = AppiAssessment.of(List.of(file("e1", "a1", email, 0, 600),
                file("e2", "a1", email, 600, 1200)), judged(false, DataLeft.NO));
        assertThat(reviewerSaysNotLeft.verdict()).as("the reviewer's judgement still decides").isEqualTo(Verdict.NOT_LEFT);
    }

    @Test
    void moreThan1000PeopleIsATriggerEvenWhenTheAgentDidNotNameIt() {
        assertThat(AppiAssessment.of(List.of(went("e1", 1001)), judged(false, DataLeft.UNKNOWN)).triggerList())
                .containsExactly(Trigger.OVER_1000_PEOPLE);
        assertThat(AppiAssessment.of(List.of(went("e1", 1000)), judged(false, DataLeft.UNKNOWN)).verdict())
                .as("exactly 1,000 is not more than 1,000").isEqualTo(Verdict.NONE);
        AppiAssessment named = AppiAssessment.of(List.of(went("e1", 1500, ReportableTrigger.OVER_1000_PEOPLE)),
                judged(false, DataLeft.UNKNOWN));
        assertThat(named.eventsWith(Trigger.OVER_1000_PEOPLE)).as("counted once").containsExactly("e1");
    }

    @Test
    void anImproperPurposeAloneMakesItReportableAndGivesSixtyDaysForTheFinalReport() {
        AppiAssessment plain = AppiAssessment.of(List.of(went("e1", 3)), judged(false, DataLeft.YES));
        assertThat(plain.verdict()).isEqualTo(Verdict.NONE);
        AppiAssessment improper = AppiAssessment.of(List.of(went("e1", 3)), judged(true, DataLeft.YES));
        assertThat(improper.verdict()).isEqualTo(Verdict.REQUIRED);
        assertThat(improper.triggerList()).containsExactly(Trigger.IMPROPER_PURPOSE);
        assertThat(improper.finalDays()).isEqualTo(60);
        assertThat(improper.finalBy()).isEqualTo(LocalDate.of(2026, 5, 31));
    }

    @Test
    void theFinalReportIsDueInThirtyDaysWithoutAnImproperPurposeAndSixtyWithOne() {
        List<EventFacts> events = List.of(went("e1", 3, ReportableTrigger.SENSITIVE_PERSONAL));
        AppiAssessment thirty = AppiAssessment.of(events, judged(false, DataLeft.YES));
        assertThat(thirty.finalDays()).isEqualTo(30);
        assertThat(thirty.finalBy()).isEqualTo(LocalDate.of(2026, 5, 1));
        AppiAssessment sixty = AppiAssessment.of(events, judged(true, DataLeft.YES));
        assertThat(sixty.finalBy()).isEqualTo(LocalDate.of(2026, 5, 31));
        assertThat(sixty.triggerList()).containsExactly(Trigger.SENSITIVE_PERSONAL, Trigger.IMPROPER_PURPOSE);
    }

    @Test
    void thePreliminaryReportIsDueThreeToFiveDaysAfterAwarenessAndOverdueOnlyAfterTheFifth() {
        AppiAssessment a = AppiAssessment.of(List.of(went("e1", 3, ReportableTrigger.FINANCIAL)), judged(false, DataLeft.YES));
        assertThat(a.preliminaryFrom()).isEqualTo(LocalDate.of(2026, 4, 4));
        assertThat(a.preliminaryBy()).isEqualTo(LocalDate.of(2026, 4, 6));
        assertThat(a.preliminaryOverdue(LocalDate.of(2026, 4, 6))).isFalse();
        assertThat(a.preliminaryOverdue(LocalDate.of(2026, 4, 7))).isTrue();
        assertThat(a.finalOverdue(LocalDate.of(2026, 5, 1))).isFalse();
        assertThat(a.finalOverdue(LocalDate.of(2026, 5, 2))).isTrue();
    }

    @Test
    void aReportSentIsNeverOverdue() {
        AppiAssessment a = AppiAssessment.of(List.of(went("e1", 3, ReportableTrigger.FINANCIAL)),
                new Judgements(false, DataLeft.YES, AWARE, AWARE.plusDays(2), AWARE.plusDays(20)));
        assertThat(a.preliminaryOverdue(AWARE.plusDays(100))).isFalse();
        assertThat(a.finalOverdue(AWARE.plusDays(100))).isFalse();
    }

    @Test
    void noTriggerNoReportAndNoDeadlines() {
        AppiAssessment a = AppiAssessment.of(List.of(went("e1", 12), blocked("e2", 5)), judged(false, DataLeft.YES));
        assertThat(a.verdict()).isEqualTo(Verdict.NONE);
        assertThat(a.triggerList()).isEmpty();
        assertThat(a.preliminaryOverdue(AWARE.plusYears(1))).isFalse();
    }

    @Test
    void blockedCopiesAreReportableOnlyIfTheDataLeftAnyway() {
        List<EventFacts> stopped = List.of(blocked("e1", 2000, ReportableTrigger.OVER_1000_PEOPLE),
                blocked("e2", 3, ReportableTrigger.SENSITIVE_PERSONAL));
        assertThat(AppiAssessment.of(stopped, judged(false, DataLeft.UNKNOWN)).verdict()).isEqualTo(Verdict.REQUIRED_IF_LEFT);
        assertThat(AppiAssessment.of(stopped, judged(false, DataLeft.YES)).verdict()).isEqualTo(Verdict.REQUIRED);
        assertThat(AppiAssessment.of(stopped, judged(false, DataLeft.NO)).verdict()).isEqualTo(Verdict.NOT_LEFT);
        // the deadlines already run while the question is open
        assertThat(AppiAssessment.of(stopped, judged(false, DataLeft.UNKNOWN)).preliminaryOverdue(AWARE.plusDays(6))).isTrue();
        assertThat(AppiAssessment.of(stopped, judged(false, DataLeft.NO)).preliminaryOverdue(AWARE.plusDays(6))).isFalse();
    }

    @Test
    void oneCopyThatWentThroughMakesAnOpenQuestionAPossibleLeak() {
        List<EventFacts> mixed = List.of(blocked("e1", 3, ReportableTrigger.FINANCIAL), went("e2", 3));
        assertThat(AppiAssessment.of(mixed, judged(false, DataLeft.UNKNOWN)).verdict()).isEqualTo(Verdict.REQUIRED);
    }
}
