package io.github.sslstarter.client.mail;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;

import io.github.sslstarter.autoconfigure.SslContexts;

/**
 * Applies the context named by {@code spring.mail.ssl.bundle} to the {@link JavaMailSenderImpl}
 * beans Spring Boot configures from {@code spring.mail.*}.
 */
final class SslMailSenderPostProcessor implements BeanPostProcessor {

	private static final Logger logger = Logger.getLogger(SslMailSenderPostProcessor.class.getName());

	static final String BUNDLE_PROPERTY = "spring.mail.ssl.bundle";

	private final ObjectProvider<SslContexts> contexts;

	private final Environment environment;

	SslMailSenderPostProcessor(ObjectProvider<SslContexts> contexts, Environment environment) {
		this.contexts = contexts;
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof JavaMailSenderImpl sender && this.environment.containsProperty("spring.mail.host")) {
			String name = this.environment.getProperty(BUNDLE_PROPERTY);
			SslContexts contexts = StringUtils.hasText(name) ? this.contexts.getIfAvailable() : null;
			if (contexts != null && contexts.names().contains(name) && !definedByBoot(name)) {
				MailSenders.apply(sender, contexts.socketFactory(name));
				logger.log(Level.FINE, () -> "Mail sender '" + beanName + "' connects through TLS context '" + name + "'");
			}
		}
		return bean;
	}

	// a bundle of Boot's own (spring.ssl.bundle.pem.<name>, .jks.<name>) keeps its name: ours is not published then
	private boolean definedByBoot(String name) {
		Binder binder = Binder.get(this.environment);
		return binder.bind("spring.ssl.bundle.pem." + name, Bindable.mapOf(String.class, Object.class)).isBound()
				|| binder.bind("spring.ssl.bundle.jks." + name, Bindable.mapOf(String.class, Object.class)).isBound();
	}

}
