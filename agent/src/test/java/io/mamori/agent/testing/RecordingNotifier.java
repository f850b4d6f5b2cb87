package io.mamori.agent.testing;

import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.Notice;
import io.mamori.agent.notify.Notifier;
import io.mamori.protocol.event.OverrideOutcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A notifier that keeps what it was told and asked, and answers questions as the test says (default: nobody there). */
public final class RecordingNotifier implements Notifier {

    public final List<Notice> told = new CopyOnWriteArrayList<>();
    public final List<HeldCopy> asked = new CopyOnWriteArrayList<>();
    private volatile Function<HeldCopy, CompletionStage<Answer>> answers = question -> CompletableFuture.completedFuture(
            Answer.unanswered(OverrideOutcome.NO_SESSION, "nobody in the test"));

    public void answerWith(Function<HeldCopy, CompletionStage<Answer>> answers) {
        this.answers = answers;
    }

    @Override
    public void tell(Notice notice) {
        told.add(notice);
    }

    @Override
    public CompletionStage<Answer> ask(HeldCopy question) {
        asked.add(question);
        return answers.apply(question);
    }
}
