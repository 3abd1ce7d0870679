package io.github.sslstarter.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Boot's own metrics auto-configuration, which binds every MeterBinder bean, the
 * session meters are registered once and startup logs no warning about them.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsMetricsStartupLogTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SslContextsAutoConfiguration.class, TlsMetricsAutoConfiguration.class,
					org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration.class,
					org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration.class,
					org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration.class));

	@Test
	void sessionMetersAreRegisteredOnceWithoutAWarning(CapturedOutput output) {
		this.runner.withPropertyValues("ssl.contexts.mail.protocols=TLSv1.2").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(TlsSessionMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("tls.session.cache.size").gauges()).hasSize(4);
			context.getBean(TlsSessionMetrics.class).bindTo(registry);
			assertThat(registry.find("tls.session.cache.size").gauges()).hasSize(4);
		});
		assertThat(output).doesNotContain("already registered").doesNotContain("tls.session.cache.size");
	}

}
