package io.github.sslstarter.actuate;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.session.SessionCache;

/**
 * Micrometer metrics of every TLS context, when Micrometer and a {@link MeterRegistry} are
 * there: the {@link TlsMetrics} handshake timer (a handshake listener every context's factories
 * report to), the {@link TlsSessionMetrics} session cache meters and the {@link TlsReloadMetrics}
 * reload counter.
 */
@AutoConfiguration(after = SslContextsAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "ssl.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TlsMetricsProperties.class)
public final class TlsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TlsMetrics tlsMetrics(MeterRegistry registry, TlsMetricsProperties properties) {
		return new TlsMetrics(registry, properties.peerTags());
	}

	@Bean
	@ConditionalOnMissingBean
	TlsReloadMetrics tlsReloadMetrics(MeterRegistry registry) {
		return new TlsReloadMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SslContexts.class)
	TlsSessionMetrics tlsSessionMetrics(SslContexts contexts, MeterRegistry registry) {
		List<SessionCache> caches = contexts.names()
			.stream()
			.map((name) -> contexts.contextFactory(name).sessionCache())
			.toList();
		TlsSessionMetrics metrics = new TlsSessionMetrics(caches);
		// bound here, so it works without Boot's metrics auto-configuration; Boot's own binding is then a no-op
		metrics.bindTo(registry);
		return metrics;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SslContexts.class)
	TlsOcspMetrics tlsOcspMetrics(SslContexts contexts, MeterRegistry registry) {
		java.util.Map<String, io.github.sslstarter.core.VerifyingTrustManager> trustManagers = new java.util.LinkedHashMap<>();
		contexts.names().forEach((name) -> trustManagers.put(name, contexts.contextFactory(name).trustManager()));
		TlsOcspMetrics metrics = new TlsOcspMetrics(trustManagers);
		metrics.bindTo(registry);
		return metrics;
	}

}
