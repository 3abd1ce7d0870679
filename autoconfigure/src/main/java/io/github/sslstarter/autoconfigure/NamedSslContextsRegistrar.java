package io.github.sslstarter.autoconfigure;

import java.util.Map;

import javax.net.ssl.HostnameVerifier;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSocketFactory;

/**
 * Registers the beans of each named context {@code ssl.contexts.<name>}: an
 * {@link SslContextFactory}, an {@link SslSocketFactory}, an {@link SslServerSocketFactory} and
 * a {@link HostnameVerifier}, named {@code <name>SslContextFactory} and so on and qualified by
 * {@code <name>}. They are not default candidates: injection by type alone gets the primary
 * context's beans, {@code @Qualifier("<name>")} gets the named one.
 */
class NamedSslContextsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

	private Environment environment;

	private BeanFactory beanFactory;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, Object> contexts = Binder.get(this.environment)
			.bind("ssl.contexts", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		for (String name : contexts.keySet()) {
			register(registry, name, "SslContextFactory", SslContextFactory.class);
			register(registry, name, "SslSocketFactory", SslSocketFactory.class);
			register(registry, name, "SslServerSocketFactory", SslServerSocketFactory.class);
			register(registry, name, "HostnameVerifier", HostnameVerifier.class);
		}
	}

	private <T> void register(BeanDefinitionRegistry registry, String name, String suffix, Class<T> type) {
		String beanName = name + suffix;
		if (registry.containsBeanDefinition(beanName)) {
			return;
		}
		BeanFactory beans = this.beanFactory;
		RootBeanDefinition definition = new RootBeanDefinition(type, () -> type.cast(lookup(beans, name, type)));
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
		definition.setDefaultCandidate(false);
		registry.registerBeanDefinition(beanName, definition);
	}

	private static Object lookup(BeanFactory beans, String name, Class<?> type) {
		SslContexts contexts = beans.getBean(SslContexts.class);
		if (type == SslContextFactory.class) {
			return contexts.contextFactory(name);
		}
		if (type == SslSocketFactory.class) {
			return contexts.socketFactory(name);
		}
		if (type == SslServerSocketFactory.class) {
			return contexts.serverSocketFactory(name);
		}
		return contexts.hostnameVerifier(name);
	}

}
