import sys

from databuild.build import main

sys.exit(main())
