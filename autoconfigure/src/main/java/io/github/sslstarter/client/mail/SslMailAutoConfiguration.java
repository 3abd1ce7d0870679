package io.github.sslstarter.client.mail;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;

/**
 * Spring Boot's {@code JavaMailSender} through a context: when {@code spring.mail.ssl.bundle}
 * names a context (published as the bundle of the same name), the sender Boot builds uses that
 * context's socket factory itself, with Angus Mail's fallback to the JVM's default factory off
 * and the context's scheme as the only identity check ({@link MailSenders#apply}). A bundle of
 * that name defined in {@code spring.ssl.bundle.*} is Boot's own and is left alone.
 */
@AutoConfiguration(after = SslContextsAutoConfiguration.class)
@ConditionalOnClass(JavaMailSenderImpl.class)
@ConditionalOnBooleanProperty(name = "ssl.enabled", matchIfMissing = true)
public final class SslMailAutoConfiguration {

	@Bean
	static SslMailSenderPostProcessor sslMailSenderPostProcessor(ObjectProvider<SslContexts> contexts,
			Environment environment) {
		return new SslMailSenderPostProcessor(contexts, environment);
	}

}
