package io.mamori.console.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %oneLineException}: a stack trace as Logback writes it, but with each exception's message
 * kept on its line ({@link OneLine}) — an exception's message may carry what a request sent.
 */
public final class OneLineThrowableConverter extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy proxy = event.getThrowableProxy();
        return proxy == null ? "" : throwableProxyToString(new OneLineProxy(proxy));
    }

    /** The same exception, its messages on one line. */
    private record OneLineProxy(IThrowableProxy proxy) implements IThrowableProxy {

        @Override
        public String getOverridingMessage() {
            return OneLine.of(proxy.getOverridingMessage());
        }

        @Override
        public String getMessage() {
            return OneLine.of(proxy.getMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return proxy.getCause() == null ? null : new OneLineProxy(proxy.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] wrapped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                wrapped[i] = new OneLineProxy(suppressed[i]);
            }
            return wrapped;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
