namespace TraceLab.IntegrationTests.Support;

/// <summary>The checkout the tests run from: the directory holding TraceLab.sln.</summary>
internal static class CheckoutRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TraceLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run inside a TraceLab checkout.");
    }
}
