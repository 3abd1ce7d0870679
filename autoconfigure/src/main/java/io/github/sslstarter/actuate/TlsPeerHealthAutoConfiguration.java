package io.github.sslstarter.actuate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.autoconfigure.SslContexts;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Auto-configuration of the TLS peer checks ({@code ssl.health.peers}): the background
 * {@link TlsPeerChecks}, the {@code tls} health contributor (one component per peer; disable it
 * with {@code management.health.tls.enabled=false}) and the peer metrics when Micrometer is
 * present. A peer that names an unknown context, STARTTLS protocol or hostname scheme fails the
 * startup.
 */
@AutoConfiguration(after = SslContextsAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnBean(SslContexts.class)
@EnableConfigurationProperties(TlsPeerHealthProperties.class)
public final class TlsPeerHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TlsPeerChecks tlsPeerChecks(TlsPeerHealthProperties properties, SslContexts contexts) {
		return new TlsPeerChecksBuilder(properties, contexts).build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthContributor.class)
	@ConditionalOnEnabledHealthIndicator("tls")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tlsHealthContributor")
		TlsPeerHealthContributor tlsHealthContributor(TlsPeerChecks checks, TlsPeerHealthProperties properties) {
			return new TlsPeerHealthContributor(checks, new Status(properties.expiringStatus().trim()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TlsPeerMetrics tlsPeerMetrics(TlsPeerChecks checks) {
			return new TlsPeerMetrics(checks);
		}

	}

}
