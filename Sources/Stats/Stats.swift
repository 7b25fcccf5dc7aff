/// The Swift face of the GNU Scientific Library: the only module that imports CGSL.
import CGSL
