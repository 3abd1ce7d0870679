package io.github.sslstarter.core;

import java.security.Provider;
import java.security.Security;
import java.util.Locale;

/**
 * Finds the JSSE provider a context asks for: the JDK's by default, or one installed or on the
 * classpath (Conscrypt is created on demand, without installing it JVM-wide).
 */
final class TlsProviders {

	private static volatile Provider conscrypt;

	private TlsProviders() {
	}

	/** The provider, or {@code null} for the JDK's default. */
	static Provider find(String name) {
		if (name == null || name.isBlank() || name.equalsIgnoreCase("jdk") || name.equalsIgnoreCase("default")) {
			return null;
		}
		if (name.toLowerCase(Locale.ROOT).equals("conscrypt")) {
			return conscrypt();
		}
		Provider provider = Security.getProvider(name);
		if (provider == null) {
			throw new SslConfigurationException("provider", "no security provider named '" + name + "' is installed",
					"use 'jdk' or 'conscrypt', or install the provider");
		}
		return provider;
	}

	/** Whether the context is Conscrypt's (without loading any Conscrypt class). */
	static boolean isConscrypt(javax.net.ssl.SSLContext context) {
		return "Conscrypt".equals(context.getProvider().getName());
	}

	private static Provider conscrypt() {
		Provider provider = Security.getProvider("Conscrypt");
		if (provider != null) {
			return provider;
		}
		if (conscrypt == null) {
			synchronized (TlsProviders.class) {
				if (conscrypt == null) {
					try {
						Class<?> type = Class.forName("org.conscrypt.Conscrypt");
						conscrypt = (Provider) type.getMethod("newProvider").invoke(null);
					}
					catch (ClassNotFoundException ex) {
						throw new SslConfigurationException("provider",
								"Conscrypt is not on the classpath",
								"add the dependency org.conscrypt:conscrypt-openjdk-uber, or use provider 'jdk'", ex);
					}
					catch (ReflectiveOperationException | LinkageError ex) {
						throw new SslConfigurationException("provider",
								"Conscrypt could not be loaded on this platform (" + ex + ")",
								"use provider 'jdk', or a platform Conscrypt ships native code for", ex);
					}
				}
			}
		}
		return conscrypt;
	}

}
