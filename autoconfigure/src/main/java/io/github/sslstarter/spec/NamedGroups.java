package io.github.sslstarter.spec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLParameters;

/**
 * Named groups for key exchange (IO::Socket::SSL's {@code SSL_ecdh_curve}, OpenSSL's groups list):
 * validates and normalises names to JSSE's, and applies them to {@link SSLParameters} where the JVM
 * allows it ({@code setNamedGroups}, Java 20+); on older JVMs the only way is the JVM-wide system
 * property {@value #SYSTEM_PROPERTY}.
 */
public final class NamedGroups {

	/** The JVM-wide fallback on JVMs without {@code SSLParameters.setNamedGroups}. */
	public static final String SYSTEM_PROPERTY = "jdk.tls.namedGroups";

	// looked up once: contexts apply their groups to every connection's parameters
	private static final Method SETTER = setter();

	private static Method setter() {
		try {
			return SSLParameters.class.getMethod("setNamedGroups", String[].class);
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

	private static final Map<String, String> NAMES = names();

	private NamedGroups() {
	}

	/**
	 * What {@link #apply} did.
	 * @param applied whether the groups were set on the parameters
	 * @param message what happened, and on older JVMs the system-property fallback to log
	 */
	public record Outcome(boolean applied, String message) {
	}

	/**
	 * Parses a list of group names separated by {@code :}, commas or spaces, accepting OpenSSL and
	 * RFC aliases ({@code prime256v1}, {@code P-256}, {@code X25519}) case-insensitively.
	 * @param spec the groups, most preferred first
	 * @return JSSE names, without duplicates; empty when {@code spec} is null or blank
	 * @throws SpecException naming an unknown group
	 */
	public static List<String> parse(String spec) {
		if (spec == null || spec.isBlank()) {
			return List.of();
		}
		Set<String> groups = new LinkedHashSet<>();
		for (String element : spec.trim().split("[:,\\s]+")) {
			groups.add(normalise(element));
		}
		return List.copyOf(groups);
	}

	/**
	 * The JSSE name of one group.
	 * @param name a group name or alias
	 * @return the JSSE name
	 * @throws SpecException when the name is unknown
	 */
	public static String normalise(String name) {
		String jsse = NAMES.get(name.toLowerCase(Locale.ROOT));
		if (jsse == null) {
			throw new SpecException("Unknown named group '" + name + "'; known: "
					+ String.join(", ", new LinkedHashSet<>(NAMES.values())));
		}
		return jsse;
	}

	/**
	 * Sets {@code groups} on {@code parameters} if this JVM's {@code SSLParameters} has
	 * {@code setNamedGroups} (Java 20+, called reflectively as the code targets Java 17).
	 * @param parameters the parameters of a socket or engine
	 * @param groups JSSE group names, most preferred first
	 * @return whether they were applied, and the fallback to log when not
	 */
	public static Outcome apply(SSLParameters parameters, List<String> groups) {
		Method setter = SETTER;
		if (setter == null) {
			return new Outcome(false, "This JVM (Java " + Runtime.version().feature()
					+ ") cannot set named groups per connection (SSLParameters.setNamedGroups needs Java 20+); "
					+ "set the JVM-wide system property " + systemProperty(groups));
		}
		try {
			setter.invoke(parameters, (Object) groups.toArray(String[]::new));
			return new Outcome(true, "Named groups " + String.join(", ", groups) + " set on the SSL parameters");
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("SSLParameters.setNamedGroups is not accessible", ex);
		}
		catch (InvocationTargetException ex) {
			throw new SpecException("Named groups " + groups + " were refused: " + ex.getCause().getMessage());
		}
	}

	/**
	 * The system-property setting equivalent to {@code groups}, e.g.
	 * {@code -Djdk.tls.namedGroups=x25519,secp256r1}.
	 * @param groups JSSE group names
	 * @return the setting as a command-line option
	 */
	public static String systemProperty(List<String> groups) {
		return "-D" + SYSTEM_PROPERTY + "=" + String.join(",", groups);
	}

	private static Map<String, String> names() {
		List<Map.Entry<String, String>> entries = new ArrayList<>();
		for (String jsse : List.of("x25519", "x448", "secp256r1", "secp384r1", "secp521r1", "ffdhe2048", "ffdhe3072",
				"ffdhe4096", "ffdhe6144", "ffdhe8192", "X25519MLKEM768", "SecP256r1MLKEM768", "SecP384r1MLKEM1024")) {
			entries.add(Map.entry(jsse.toLowerCase(Locale.ROOT), jsse));
		}
		entries.add(Map.entry("prime256v1", "secp256r1"));
		entries.add(Map.entry("p-256", "secp256r1"));
		entries.add(Map.entry("p256", "secp256r1"));
		entries.add(Map.entry("p-384", "secp384r1"));
		entries.add(Map.entry("p384", "secp384r1"));
		entries.add(Map.entry("p-521", "secp521r1"));
		entries.add(Map.entry("p521", "secp521r1"));
		return Map.ofEntries(entries.toArray(Map.Entry[]::new));
	}

}
