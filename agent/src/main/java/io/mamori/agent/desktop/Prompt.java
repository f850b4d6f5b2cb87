package io.mamori.agent.desktop;

/**
 * The names in the messages between the agent and the {@link OverrideDialog}. The agent sends one
 * question (every text already in the employee's language); the dialog answers; the agent replies
 * {@link #ACCEPTED} (the dialog closes) or {@link #INVALID} with a {@link #PROBLEM} to show, and
 * closes the socket when time is up.
 */
public final class Prompt {

    // the question
    public static final String TITLE = "title";
    public static final String HEADING = "heading";
    public static final String MESSAGE = "message";
    public static final String FILES_LABEL = "files.label";
    /** {@code file.0}, {@code file.1}, …: the held files, as named on the device. */
    public static final String FILE = "file.";
    public static final String REASONS_LABEL = "reasons.label";
    /** {@code reason.0.id}, {@code reason.0.label}, {@code reason.0.text} (true when an explanation is required), … */
    public static final String REASON = "reason.";
    public static final String EXPLANATION_LABEL = "explanation.label";
    public static final String EXPLANATION_REQUIRED = "explanation.required";
    public static final String CHOOSE_REASON = "reason.missing";
    public static final String CONTINUE = "continue";
    public static final String CANCEL = "cancel";
    /** The countdown line, with {@code {seconds}}. */
    public static final String COUNTDOWN = "countdown";
    /** Seconds left to answer when the question is sent. */
    public static final String SECONDS = "seconds";
    /**
     * A request to use a device (issue 23) asks for a period too: its label, the number shown first
     * (hours), and the names of the two units; the answer then carries {@link #PERIOD_HOURS}.
     */
    public static final String PERIOD_LABEL = "period.label";
    public static final String PERIOD_VALUE = "period.value";
    public static final String PERIOD_HOURS_UNIT = "period.unit.hours";
    public static final String PERIOD_DAYS_UNIT = "period.unit.days";

    // the answer
    public static final String OUTCOME = "outcome";
    public static final String CONTINUED = "CONTINUED";
    public static final String CANCELLED = "CANCELLED";
    public static final String REASON_ID = "reasonId";
    public static final String REASON_TEXT = "reasonText";
    /** How many hours a device request asks for. */
    public static final String PERIOD_HOURS = "periodHours";

    // the agent's reply
    public static final String RESULT = "result";
    public static final String ACCEPTED = "accepted";
    public static final String INVALID = "invalid";
    public static final String PROBLEM = "problem";

    // the Windows session helper's pipe: one connection carries its hello, notices and every question
    // of its session, so each message says what it is and, for a question, which one
    /** What a message on the session pipe is: one of the values below. */
    public static final String TYPE = "mamori.type";
    /** Which question an answer, reply or withdrawal is about (the copy operation's id). */
    public static final String ID = "mamori.id";
    /** helper → agent, first: its process id ({@link #PID}) and language ({@link #LOCALE}). */
    public static final String HELLO = "hello";
    public static final String PID = "pid";
    public static final String LOCALE = "locale";
    /** agent → helper: a notice to show ({@link #TITLE}, {@link #TEXT}, {@link #URGENT}). */
    public static final String NOTICE = "notice";
    public static final String TEXT = "text";
    public static final String URGENT = "urgent";
    /** agent → helper: a question, with the keys above. */
    public static final String QUESTION = "question";
    /** helper → agent: the answer to a question. */
    public static final String ANSWER = "answer";
    /** agent → helper: {@link #RESULT} of an answer. */
    public static final String REPLY = "reply";
    /** agent → helper: time is up, the question's window closes. */
    public static final String WITHDRAWN = "withdrawn";

    private Prompt() {
    }
}
