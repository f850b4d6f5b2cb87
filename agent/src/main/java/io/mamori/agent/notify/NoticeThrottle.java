package io.mamori.agent.notify;

import io.mamori.protocol.device.DeviceIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No storms: the same device is announced at most once a minute (a stick that is re-mounted, or
 * flaps), and at most {@code perMinute} notices of any kind reach the person in a minute; the rest
 * are logged. Copy notices are already one per copy operation (the guard groups them).
 */
public final class NoticeThrottle implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeThrottle.class);
    private static final Duration SAME_DEVICE = Duration.ofMinutes(1);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Notifier delegate;
    private final Clock clock;
    private final int perMinute;
    private final Map<String, Instant> deviceLastTold = new HashMap<>();
    private final Deque<Instant> told = new ArrayDeque<>();

    public NoticeThrottle(Notifier delegate, Clock clock, int perMinute) {
        this.delegate = delegate;
        this.clock = clock;
        this.perMinute = perMinute;
    }

    @Override
    public void tell(Notice notice) {
        Instant now = clock.instant();
        synchronized (this) {
            DeviceIdentity announced = notice instanceof Notice.DeviceMounted mounted ? mounted.device()
                    : notice instanceof Notice.DeviceChanged changed ? changed.device() : null;
            if (announced != null) {
                String device = announced.shortName() + "|" + notice.key();
                Instant last = deviceLastTold.get(device);
                if (last != null && Duration.between(last, now).compareTo(SAME_DEVICE) < 0) {
                    LOG.debug("not telling again within a minute: {}", notice.key());
                    return;
                }
                deviceLastTold.put(device, now);
            }
            while (!told.isEmpty() && Duration.between(told.peekFirst(), now).compareTo(WINDOW) >= 0) {
                told.removeFirst();
            }
            if (told.size() >= perMinute) {
                LOG.info("{} notices in the last minute; this one is logged only: {}", told.size(), notice);
                return;
            }
            told.addLast(now);
        }
        delegate.tell(notice);
    }

    /** An offer comes with a device's notice, which is limited already. */
    @Override
    public CompletionStage<java.util.Optional<RequestOffer.Asked>> offerRequest(RequestOffer offer) {
        return delegate.offerRequest(offer);
    }

    /** Questions are not limited: there is one per held copy operation, and an unasked one would block it. */
    @Override
    public CompletionStage<Answer> ask(HeldCopy question) {
        return delegate.ask(question);
    }
}
