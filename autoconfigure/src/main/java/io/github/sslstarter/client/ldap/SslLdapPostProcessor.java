package io.github.sslstarter.client.ldap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ldap.autoconfigure.LdapProperties;
import org.springframework.core.env.Environment;
import org.springframework.ldap.core.support.AbstractContextSource;
import org.springframework.ldap.core.support.DirContextAuthenticationStrategy;

import io.github.sslstarter.autoconfigure.NoSuchSslContextException;
import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.core.SslSocketFactory;

/**
 * Puts the context's JNDI socket factory into {@code spring.ldap.base-environment} (for
 * {@code ldaps://}) and checks Spring Boot's context source once it is built: every URL of the
 * scheme the mode needs, and StartTLS only for authenticated reads.
 */
final class SslLdapPostProcessor implements BeanPostProcessor, DisposableBean {

	private static final String BOOT_CONTEXT_SOURCE = "ldapContextSource";

	private final ObjectProvider<SslContexts> contexts;

	private final ConfigurableListableBeanFactory beanFactory;

	private final String context;

	private final boolean startTls;

	private final List<String> registered = new ArrayList<>();

	SslLdapPostProcessor(ObjectProvider<SslContexts> contexts, Environment environment,
			ConfigurableListableBeanFactory beanFactory) {
		this.contexts = contexts;
		this.beanFactory = beanFactory;
		// bound here: a post-processor is made before the properties beans
		Binder binder = Binder.get(environment);
		this.context = binder.bind("ssl.ldap.context", String.class).orElse(null);
		this.startTls = binder.bind("ssl.ldap.start-tls", Boolean.class).orElse(false);
	}

	static SslSocketFactory socketFactory(SslContexts contexts, String name) {
		if (!contexts.names().contains(name)) {
			throw new NoSuchSslContextException(name, "ssl.ldap.context", contexts.names());
		}
		return contexts.socketFactory(name);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (this.context == null || this.context.isBlank()) {
			return bean;
		}
		if (bean instanceof LdapProperties properties && !this.startTls) {
			String factoryClass = JndiLdap.socketFactoryClass(socketFactory(this.contexts.getObject(), this.context));
			synchronized (this.registered) {
				this.registered.add(factoryClass);
			}
			properties.getBaseEnvironment().put(JndiLdap.SOCKET_FACTORY, factoryClass);
		}
		if (bean instanceof AbstractContextSource source && BOOT_CONTEXT_SOURCE.equals(beanName)) {
			check(source);
		}
		return bean;
	}

	private void check(AbstractContextSource source) {
		String scheme = this.startTls ? "ldap://" : "ldaps://";
		for (String url : source.getUrls()) {
			if (!url.toLowerCase(Locale.ROOT).startsWith(scheme)) {
				throw new SslConfigurationException("spring.ldap.urls", "'" + url + "' is not an " + scheme
						+ " URL, and ssl.ldap.start-tls is " + this.startTls + ": it would "
						+ (this.startTls ? "not be upgraded by StartTLS" : "connect in plaintext"),
						this.startTls ? "use ldap:// URLs with StartTLS, or ldaps:// without ssl.ldap.start-tls"
								: "use ldaps:// URLs, or set ssl.ldap.start-tls=true");
			}
		}
		if (!this.startTls) {
			return;
		}
		if (source.isAnonymousReadOnly()) {
			throw new SslConfigurationException("ssl.ldap.start-tls",
					"reads are anonymous (spring.ldap.anonymous-read-only, or no spring.ldap.username), and Spring LDAP "
							+ "negotiates StartTLS only for authenticated contexts: they would travel in plaintext",
					"set spring.ldap.username and spring.ldap.password, or use ldaps:// URLs");
		}
		String[] strategies = this.beanFactory.getBeanNamesForType(DirContextAuthenticationStrategy.class, false,
				false);
		if (strategies.length > 1) {
			throw new SslConfigurationException("ssl.ldap.start-tls",
					"there are " + strategies.length + " DirContextAuthenticationStrategy beans "
							+ List.of(strategies) + ": Spring Boot applies none of them, and StartTLS would not run",
					"remove your own strategy bean, or build your context source with LdapContextSources.startTls");
		}
	}

	@Override
	public void destroy() {
		synchronized (this.registered) {
			this.registered.forEach(JndiLdap::release);
			this.registered.clear();
		}
	}

}
