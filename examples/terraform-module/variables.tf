variable "parallelism" {
  type    = number
  default = 4
}
