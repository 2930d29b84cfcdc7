package org.healthportal.platform.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.healthportal.platform.config.AppConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} once the configuration is known: logback starts with the format of
 * {@code HP_LOG_FORMAT} (JSON when unset), and is reloaded here if the setting says otherwise (it
 * may come from a file or a system property, which logback cannot see).
 */
public final class Logging {

  private Logging() {}

  public static void apply(AppConfig.Log log) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
    String format = log.format();
    // One line per request: "warn" or "off" where a proxy already writes them.
    context.getLogger("access").setLevel(ch.qos.logback.classic.Level.toLevel(log.accessLevel()));
    if (format.equals(context.getProperty("LOG_FORMAT"))) return;
    URL config = Logging.class.getClassLoader().getResource("logback.xml");
    if (config == null) return;
    context.reset();
    context.putProperty("LOG_FORMAT", format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("logback.xml is broken", e);
    }
    context.getLogger("access").setLevel(ch.qos.logback.classic.Level.toLevel(log.accessLevel()));
  }
}
