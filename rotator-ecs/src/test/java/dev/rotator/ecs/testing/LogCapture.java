package dev.rotator.ecs.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything logged while it is open, down to DEBUG for the rotator and the SSH library (sshj): each line with the
 * messages of its exceptions and their causes, to check that no secret value reaches a log.
 */
public final class LogCapture implements AutoCloseable {
    private static final List<String> LOGGERS = List.of("dev.rotator", "net.schmizz", "com.hierynomus");

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;
    private final List<Level> before = new ArrayList<>();

    public LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (String name : LOGGERS) {
            Logger logger = context.getLogger(name);
            before.add(logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        appender.start();
        root.addAppender(appender);
    }

    /** Every line logged, with its exceptions' messages. */
    public List<String> lines() {
        List<ILoggingEvent> events;
        synchronized (appender) { // AppenderBase appends under this lock; sshj's threads still log
            events = new ArrayList<>(appender.list);
        }
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : events) {
            StringBuilder sb = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (int i = 0; i < LOGGERS.size(); i++) {
            context.getLogger(LOGGERS.get(i)).setLevel(before.get(i));
        }
    }
}
