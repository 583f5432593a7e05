package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The BOM has no parent (a consumer imports all of a BOM's dependencyManagement), so nothing but this test keeps its
 * version and its list of modules those of the build.
 */
class BuildConsistencyTest
{
    private static final Path ROOT = Path.of("..");

    @Test
    void shouldManageEveryLibraryModuleAtTheParentsVersion() throws IOException
    {
        final String parent = Files.readString(ROOT.resolve("pom.xml"));
        final Matcher parentVersion = Pattern.compile("<artifactId>shared-atomic-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(parent);
        assertTrue(parentVersion.find());
        final String version = parentVersion.group(1);

        final String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        final Matcher bomVersion = Pattern.compile("<artifactId>shared-atomic-bom</artifactId>\\s*<version>([^<]+)</version>").matcher(bom);
        assertTrue(bomVersion.find());
        assertEquals(version, bomVersion.group(1), "bom/pom.xml's version");

        final List<String> managed = new ArrayList<>();
        final Matcher entry = Pattern.compile("<artifactId>(shared-atomic-[a-z-]+)</artifactId>\\s*<version>([^<]+)</version>").matcher(
            bom.substring(bom.indexOf("<dependencyManagement>")));
        while (entry.find())
        {
            managed.add(entry.group(1));
            assertEquals(version, entry.group(2), entry.group(1) + " in bom/pom.xml");
        }
        assertEquals(List.of("shared-atomic-core", "shared-atomic-collections", "shared-atomic-metrics", "shared-atomic-cluster"), managed, "the library modules a consumer depends on");
    }
}
