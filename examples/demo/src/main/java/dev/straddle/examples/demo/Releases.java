package dev.straddle.examples.demo;

import dev.straddle.examples.api.JobQueueRelease;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Loads a release jar in a class loader of its own, so the releases are genuinely separate builds:
 * each sees its own migrations and its own generated plan, and they share only the {@link
 * JobQueueRelease} interface, Straddle's runtime and the JDBC driver.
 */
final class Releases {

  /** System property naming the folder holding release1.jar, release2.jar and release3.jar. */
  static final String FOLDER_PROPERTY = "straddle.demo.releases";

  private Releases() {}

  static JobQueueRelease load(String jarName) {
    String folder = System.getProperty(FOLDER_PROPERTY, "examples/demo/target/releases");
    File jar = new File(folder, jarName);
    if (!jar.isFile()) {
      throw new IllegalStateException(
          jar
              + " not found: build the examples first (see the README), or set -D"
              + FOLDER_PROPERTY);
    }
    URL url;
    try {
      url = jar.toURI().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
    ClassLoader loader =
        new URLClassLoader(jarName, new URL[] {url}, Releases.class.getClassLoader());
    Iterator<JobQueueRelease> found = ServiceLoader.load(JobQueueRelease.class, loader).iterator();
    while (found.hasNext()) {
      JobQueueRelease release = found.next();
      if (release.getClass().getClassLoader() == loader) {
        return release;
      }
    }
    throw new IllegalStateException(jar + " holds no JobQueueRelease");
  }
}
