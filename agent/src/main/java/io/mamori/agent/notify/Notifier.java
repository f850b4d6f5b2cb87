package io.mamori.agent.notify;

import java.util.concurrent.CompletionStage;

/**
 * Tells the person at the machine, and asks them about held copies. One implementation per OS
 * under {@code platform/<os>} (docs/agent.md "Telling the employee" describes the Linux one and the
 * design for Windows and macOS); where no user session can be reached the notice is logged and the
 * question answered {@code NO_SESSION} ({@link LoggingNotifier}). Implementations never block the
 * caller: work is done on their own threads.
 */
public interface Notifier {

    void tell(Notice notice);

    /**
     * Asks about a held copy. The answer completes at the latest when {@link HeldCopy#due()} has
     * passed (then {@code TIMED_OUT}); at once with {@code NO_SESSION} when nobody can be asked.
     */
    CompletionStage<Answer> ask(HeldCopy question);

    /**
     * Offers the person at the screen to ask for the use of a device (issue 23); completes with
     * what they asked for, or empty when they closed the offer, did not answer by
     * {@link RequestOffer#due()}, or nobody could be offered it. Where the OS's desktop has no such
     * window yet, nobody is offered it.
     */
    default CompletionStage<java.util.Optional<RequestOffer.Asked>> offerRequest(RequestOffer offer) {
        return java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.empty());
    }
}
