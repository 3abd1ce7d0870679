package io.github.sslstarter.actuate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.autoconfigure.SslContexts;

/**
 * Auto-configuration of the {@code tls} actuator endpoint, when it is available (enabled and
 * exposed, e.g. {@code management.endpoints.web.exposure.include=health,tls}).
 */
@AutoConfiguration(after = { SslContextsAutoConfiguration.class, TlsPeerHealthAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(SslContexts.class)
@ConditionalOnAvailableEndpoint(TlsEndpoint.class)
public final class TlsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TlsEndpoint tlsEndpoint(SslContexts contexts, ObjectProvider<TlsPeerChecks> checks) {
		return new TlsEndpoint(contexts, checks.getIfAvailable());
	}

}
