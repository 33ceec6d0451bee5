// The collection that shares one default toolbox image (Crashcart.TestSupport.DefaultToolboxImage) per run.
using Crashcart.TestSupport;

namespace Crashcart.ImageBuilder.Tests.Toolbox;

[CollectionDefinition(Name)]
public sealed class DefaultToolboxCollection : ICollectionFixture<DefaultToolboxImage>
{
    public const string Name = "default toolbox image";
}
