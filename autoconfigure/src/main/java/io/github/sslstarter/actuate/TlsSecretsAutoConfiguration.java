package io.github.sslstarter.actuate;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link TlsSecretsSanitizingFunction} when Spring Boot's actuator is there, so that
 * the {@code configprops} and {@code env} endpoints never show the passwords and inline keys of
 * {@code ssl.*}, whatever their {@code show-values} setting.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class TlsSecretsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TlsSecretsSanitizingFunction tlsSecretsSanitizingFunction() {
		return new TlsSecretsSanitizingFunction();
	}

}
