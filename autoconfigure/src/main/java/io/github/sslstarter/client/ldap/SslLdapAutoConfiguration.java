package io.github.sslstarter.client.ldap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ldap.autoconfigure.LdapAutoConfiguration;
import org.springframework.boot.ldap.autoconfigure.LdapProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.ldap.core.support.DefaultTlsDirContextAuthenticationStrategy;
import org.springframework.ldap.core.support.LdapContextSource;

import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;

/**
 * Spring Boot's LDAP context source through the context named by {@code ssl.ldap.context}:
 * {@code ldaps://} URLs connect through the context's socket factory (a JNDI socket factory class
 * in {@code spring.ldap.base-environment}), or with {@code ssl.ldap.start-tls} the
 * {@code ldap://} URLs are upgraded by a StartTLS authentication strategy bean through it. Either
 * way the context's scheme is the only check of the server's name. A configuration that would
 * leave the connection in plaintext stops the application.
 */
@AutoConfiguration(before = LdapAutoConfiguration.class, after = SslContextsAutoConfiguration.class)
@ConditionalOnClass({ LdapContextSource.class, LdapProperties.class })
@ConditionalOnBooleanProperty(name = "ssl.enabled", matchIfMissing = true)
@ConditionalOnProperty("ssl.ldap.context")
@EnableConfigurationProperties(SslLdapProperties.class)
public final class SslLdapAutoConfiguration {

	@Bean
	static SslLdapPostProcessor sslLdapPostProcessor(ObjectProvider<SslContexts> contexts, Environment environment,
			ConfigurableListableBeanFactory beanFactory) {
		return new SslLdapPostProcessor(contexts, environment, beanFactory);
	}

	@Bean
	@ConditionalOnBooleanProperty("ssl.ldap.start-tls")
	DefaultTlsDirContextAuthenticationStrategy sslLdapStartTlsStrategy(SslContexts contexts,
			SslLdapProperties properties) {
		return LdapContextSources.startTls(SslLdapPostProcessor.socketFactory(contexts, properties.context()));
	}

}
