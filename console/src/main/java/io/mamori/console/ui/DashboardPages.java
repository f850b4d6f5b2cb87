package io.mamori.console.ui;

import io.mamori.console.accounts.Roles;
import io.mamori.console.agents.AgentRegistry;
import io.mamori.console.agents.Fleet;
import io.mamori.console.events.EventStatistics;
import io.mamori.console.review.ReviewQueue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The start page after signing in: what needs attention now (copies awaiting review, agents
 * offline, machines behind on patches, bulk copies, the leaving employees' activity) and the
 * trend of the last two weeks.
 */
@Controller("/ui/dashboard")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
public class DashboardPages {

    static final int DAYS = 14;
    static final Duration TOP_PERIOD = Duration.ofDays(7);
    static final Duration BULK_PERIOD = Duration.ofDays(7);
    private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("MM-dd");

    /** One stacked bar of the chart: its segments bottom up, its label and total. */
    public record Bar(double x, double width, List<Segment> segments, String label, long total, double totalY) {
    }

    /** A segment of a bar; {@code kind} is block, held, warn or other (its colour). */
    public record Segment(double y, double height, String kind, long count) {
    }

    /** A row of a top list with the length of its bar (0–100). */
    public record Top(String name, long count, double length) {
    }

    static final double CHART_WIDTH = 1000;
    static final double CHART_HEIGHT = 170;
    static final double CHART_TOP = 16;

    private final ReviewQueue reviews;
    private final AgentRegistry agents;
    private final Fleet fleet;
    private final DashboardData data;
    private final UiPages pages;

    public DashboardPages(ReviewQueue reviews, AgentRegistry agents, Fleet fleet, DashboardData data, UiPages pages) {
        this.reviews = reviews;
        this.agents = agents;
        this.fleet = fleet;
        this.data = data;
        this.pages = pages;
    }

    @Get
    public ModelAndView<Map<String, Object>> dashboard(HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = new HashMap<>();
        Map<ReviewQueue.State, Long> review = reviews.counts();
        model.put("awaitingReview", review.getOrDefault(ReviewQueue.State.PENDING, 0L)
                + review.getOrDefault(ReviewQueue.State.FAILED, 0L));
        model.put("agents", agents.counts());
        model.put("tally", fleet.tally());
        DashboardData.Snapshot figures = data.current();
        model.put("bars", bars(figures.days()));
        model.put("chartWidth", CHART_WIDTH);
        model.put("chartHeight", CHART_HEIGHT + CHART_TOP + 20);
        model.put("copies", figures.days().stream().mapToLong(EventStatistics.Day::total).sum());
        model.put("findingTypes", top(figures.findingTypes()));
        model.put("users", top(figures.users()));
        model.put("devices", top(figures.devices()));
        model.put("bulkCopies", figures.bulkCopies());
        model.put("leavers", figures.leavers());
        model.put("countedAt", figures.countedAt());
        return pages.page("dashboard", "dashboard", request, authentication, model);
    }

    /** Counts the figures again now, then shows the page. */
    @Post("/refresh")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> refresh(@Body @Nullable byte[] body, Authentication authentication) {
        Forms.of(body, authentication);
        data.refresh();
        return UiPages.seeOther("/ui/dashboard");
    }

    static List<Bar> bars(List<EventStatistics.Day> days) {
        long max = Math.max(1, days.stream().mapToLong(EventStatistics.Day::total).max().orElse(1));
        double slot = CHART_WIDTH / days.size();
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            EventStatistics.Day day = days.get(i);
            Map<String, Long> byKind = new java.util.LinkedHashMap<>();
            day.byAction().forEach((action, count) -> byKind.merge(kind(action), count, Long::sum));
            double bottom = CHART_TOP + CHART_HEIGHT;
            List<Segment> segments = new ArrayList<>();
            for (String kind : List.of("block", "held", "warn", "other")) {
                long count = byKind.getOrDefault(kind, 0L);
                if (count > 0) {
                    double height = CHART_HEIGHT * count / max;
                    bottom -= height;
                    segments.add(new Segment(bottom, height, kind, count));
                }
            }
            bars.add(new Bar(i * slot + slot * 0.15, slot * 0.7, segments, DAY_LABEL.format(day.day()), day.total(), bottom - 4));
        }
        return bars;
    }

    private static String kind(String action) {
        return switch (action) {
            case "BLOCK", "DENY" -> "block";
            case "WARN_OVERRIDE" -> "held";
            case "WARN" -> "warn";
            default -> "other";
        };
    }

    private static List<Top> top(List<EventStatistics.Count> counts) {
        long max = Math.max(1, counts.stream().mapToLong(EventStatistics.Count::count).max().orElse(1));
        return counts.stream().map(c -> new Top(c.name(), c.count(), 100.0 * c.count() / max)).toList();
    }
}
