package io.github.sslstarter.client.ldap;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.SocketFactory;

import io.github.sslstarter.core.SslSocketFactory;

/**
 * The classes JNDI is named in {@code java.naming.ldap.factory.socket}. JNDI takes only a class
 * name, loads it through the thread's context class loader and calls its static
 * {@code getDefault()}: one class per socket factory is the only way to give two connections two
 * different factories without a thread-local (which a connection opened on another thread, a
 * referral or a pool would miss). So each registered factory gets a small class of its own,
 * defined at run time beside this one (same class loader, same package) whose
 * {@code getDefault()} returns it:
 * <pre>{@code
 * public final class ContextSocketFactory_directory_1 {
 *     public static SocketFactory getDefault() { return SocketFactoryHolders.socketFactory("1"); }
 * }
 * }</pre>
 * A class cannot be unloaded while this library's class loader lives: register a context's
 * factory once (the adapters do), not per connection. A released factory's class stays and its
 * {@code getDefault()} then fails with a message that names the context.
 */
final class SocketFactoryHolders {

	private static final String PACKAGE = SocketFactoryHolders.class.getPackageName();

	private static final String CLASS_PREFIX = "ContextSocketFactory_";

	private static final AtomicInteger counter = new AtomicInteger();

	private static final Map<String, Holder> byKey = new ConcurrentHashMap<>();

	private static final Map<SslSocketFactory, String> classNames = new IdentityHashMap<>();

	private SocketFactoryHolders() {
	}

	/**
	 * The name of the class whose {@code getDefault()} returns an {@link LdapSocketFactory} over
	 * {@code sockets}; the same name for the same factory.
	 */
	static synchronized String register(SslSocketFactory sockets) {
		String context = sockets.contextFactory().name();
		String existing = classNames.get(sockets);
		if (existing != null) {
			return existing;
		}
		String key = Integer.toString(counter.incrementAndGet());
		String className = PACKAGE + "." + CLASS_PREFIX + sanitize(context) + "_" + key;
		byKey.put(key, new Holder(context, sockets, new LdapSocketFactory(sockets)));
		try {
			MethodHandles.lookup().defineClass(classBytes(className, key));
		}
		catch (IllegalAccessException ex) {
			byKey.remove(key);
			throw new IllegalStateException("Cannot define the JNDI socket factory class " + className, ex);
		}
		classNames.put(sockets, className);
		return className;
	}

	/**
	 * Forgets the factory of that class: JNDI connections opened afterwards through the class fail.
	 */
	static synchronized void release(String className) {
		String key = className.substring(className.lastIndexOf('_') + 1);
		Holder holder = byKey.get(key);
		if (holder != null) {
			byKey.put(key, new Holder(holder.context(), null, null));
			classNames.remove(holder.sockets());
		}
	}

	/** Called by the generated classes' {@code getDefault()}. */
	static SocketFactory socketFactory(String key) {
		Holder holder = byKey.get(key);
		if (holder == null || holder.factory() == null) {
			String context = (holder != null) ? "'" + holder.context() + "'" : "#" + key;
			throw new IllegalStateException("The JNDI socket factory of TLS context " + context
					+ " was released (its application context was closed)");
		}
		return holder.factory();
	}

	private static String sanitize(String name) {
		StringBuilder sanitized = new StringBuilder();
		for (char c : ((name != null) ? name : "context").toCharArray()) {
			sanitized.append(((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '_');
		}
		return sanitized.toString();
	}

	/**
	 * A class file (version 52, Java 8: straight-line code needs no stack map) for a public final
	 * class with one method, {@code public static SocketFactory getDefault()}, which loads the
	 * key constant and calls {@link #socketFactory(String)}. It has no constructor: it is never
	 * instantiated.
	 */
	private static byte[] classBytes(String className, String key) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(0xCAFEBABE);
			out.writeShort(0);
			out.writeShort(52);
			out.writeShort(16); // constant pool entries 1..15
			utf8(out, className.replace('.', '/')); // #1
			classRef(out, 1); // #2 this class
			utf8(out, "java/lang/Object"); // #3
			classRef(out, 3); // #4 super class
			utf8(out, "getDefault"); // #5
			utf8(out, "()Ljavax/net/SocketFactory;"); // #6
			utf8(out, "Code"); // #7
			utf8(out, key); // #8
			out.writeByte(8); // #9 CONSTANT_String
			out.writeShort(8);
			utf8(out, SocketFactoryHolders.class.getName().replace('.', '/')); // #10
			classRef(out, 10); // #11
			utf8(out, "socketFactory"); // #12
			utf8(out, "(Ljava/lang/String;)Ljavax/net/SocketFactory;"); // #13
			out.writeByte(12); // #14 CONSTANT_NameAndType
			out.writeShort(12);
			out.writeShort(13);
			out.writeByte(10); // #15 CONSTANT_Methodref
			out.writeShort(11);
			out.writeShort(14);
			out.writeShort(0x0001 | 0x0010 | 0x0020); // public final super
			out.writeShort(2);
			out.writeShort(4);
			out.writeShort(0); // interfaces
			out.writeShort(0); // fields
			out.writeShort(1); // methods
			out.writeShort(0x0001 | 0x0008); // public static
			out.writeShort(5);
			out.writeShort(6);
			out.writeShort(1); // attributes: Code
			out.writeShort(7);
			out.writeInt(18); // attribute length
			out.writeShort(1); // max stack
			out.writeShort(0); // max locals
			out.writeInt(6); // code length
			out.writeByte(0x12); // ldc #9
			out.writeByte(9);
			out.writeByte(0xB8); // invokestatic #15
			out.writeShort(15);
			out.writeByte(0xB0); // areturn
			out.writeShort(0); // exception table
			out.writeShort(0); // code attributes
			out.writeShort(0); // class attributes
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static void utf8(DataOutputStream out, String value) throws IOException {
		out.writeByte(1);
		out.writeUTF(value);
	}

	private static void classRef(DataOutputStream out, int nameIndex) throws IOException {
		out.writeByte(7);
		out.writeShort(nameIndex);
	}

	private record Holder(String context, SslSocketFactory sockets, SocketFactory factory) {

	}

}
