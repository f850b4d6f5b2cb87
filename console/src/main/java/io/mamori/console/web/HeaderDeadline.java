package io.mamori.console.web;

import io.mamori.console.ConsoleSettings;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's headers must arrive within {@code mamori.console.request-header-timeout} (10 s) of
 * the connection opening, or of the answer to the request before it: a client that sends its
 * headers a byte at a time (Slowloris) is cut off instead of holding a connection for the idle
 * time-out, which every byte renews. Netty's own timeouts are idle time-outs, so this is a small
 * handler behind the HTTP decoder, added to every HTTP/1.1 connection.
 */
@Singleton
public class HeaderDeadline implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);
    static final String HANDLER = "mamori-header-deadline";

    private final Duration timeout;

    public HeaderDeadline(ConsoleSettings settings) {
        this.timeout = settings.getRequestHeaderTimeout();
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                return role == ChannelRole.CONNECTION ? new OnConnection(channel) : this;
            }
        });
        return event.getBean();
    }

    private final class OnConnection implements NettyServerCustomizer {
        private final Channel channel;

        OnConnection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel child, ChannelRole role) {
            return this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
                    && channel.pipeline().get(HANDLER) == null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, HANDLER, new Handler(timeout));
            } else {
                LOG.debug("no HTTP/1.1 decoder on {}: no header deadline", channel);
            }
        }
    }

    /** Closes the connection when a request's headers are not complete by the deadline. */
    static final class Handler extends ChannelDuplexHandler {
        private final long timeoutNanos;
        private ScheduledFuture<?> deadline;

        Handler(Duration timeout) {
            this.timeoutNanos = timeout.toNanos();
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            arm(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                disarm(); // the headers are in
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof LastHttpContent) {
                arm(ctx); // the answer is complete: the next request's headers have the same time
            }
            ctx.write(msg, promise);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            disarm();
        }

        private void arm(ChannelHandlerContext ctx) {
            disarm();
            deadline = ctx.executor().schedule(() -> {
                LOG.debug("closing {}: no complete request headers within the deadline", ctx.channel().remoteAddress());
                ctx.close();
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }

        private void disarm() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }
    }
}
